export function App() {
  return (
    <main>
      <h1>Welcome to Linq</h1>
    </main>
  )
}
