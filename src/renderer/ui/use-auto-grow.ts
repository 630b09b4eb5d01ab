import { useLayoutEffect, useRef } from 'react'

/** The ref for a textarea that grows with its text up to its CSS max-height, then scrolls. */
export function useAutoGrowField(text: string) {
  const field = useRef<HTMLTextAreaElement>(null)
  useLayoutEffect(() => {
    const el = field.current
    if (!el) return
    el.style.height = 'auto'
    el.style.height = `${el.scrollHeight}px`
  }, [text])
  return field
}
