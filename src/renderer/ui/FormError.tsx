// A form's error in plain words, announced when it appears; nothing when there is none.
export function FormError({ error, id }: { error: string | null; id?: string }) {
  if (!error) return null
  return (
    <p id={id} className="form-error" role="alert">
      {error}
    </p>
  )
}
