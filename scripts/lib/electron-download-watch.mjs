// Loaded into electron's own installer (`node --import` this, then node_modules/electron/install.js) by
// scripts/ensure-electron.mjs. The installer downloads with the global fetch and, on failure, prints a stack
// whose first line is all we show. Wrapping fetch here:
// - gives up when the server says nothing for LINQ_ELECTRON_STALL_SECONDS (no answer, or a body that stops),
//   so a hanging proxy cannot stall `npm start`; Node's own fetch waits 5 minutes for each;
// - puts the cause in that first line ("fetch failed" alone does not say "getaddrinfo ENOTFOUND github.com");
// - prints the progress, since the installer shows none when its output is not a terminal.
const stallSeconds = Number(process.env.LINQ_ELECTRON_STALL_SECONDS) || 30
const realFetch = globalThis.fetch

/** The error with its causes in one line. */
function oneLine(error) {
  const parts = []
  for (let e = error; e instanceof Error && parts.length < 4; e = e.cause) {
    const text = e.message || e.code || e.name
    if (text && !parts.includes(text)) parts.push(text)
  }
  return parts.length > 1 ? new Error(`${parts[0]} (${parts.slice(1).join(': ')})`) : error
}

function progressPrinter(host, total) {
  const mb = (bytes) => (bytes / 1e6).toFixed(0)
  let shown = -1
  return (received) => {
    const tenth = total ? Math.floor((received / total) * 10) : Math.floor(received / 10e6)
    if (tenth === shown) return
    shown = tenth
    process.stdout.write(
      `  downloading from ${host}: ${mb(received)} MB${total ? ` of ${mb(total)} MB` : ''}\n`,
    )
  }
}

globalThis.fetch = async function watchedFetch(input, init = {}) {
  const host = new URL(input instanceof Request ? input.url : String(input)).host
  const controller = new AbortController()
  let timer
  const watch = (silence) => {
    clearTimeout(timer)
    timer = setTimeout(
      () => controller.abort(new Error(`${silence} from ${host} for ${stallSeconds} s, gave up`)),
      stallSeconds * 1000,
    ).unref()
  }
  watch('no answer')
  const signal = init.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal
  let response
  try {
    response = await realFetch(input, { ...init, signal })
  } catch (error) {
    clearTimeout(timer)
    throw oneLine(error)
  }
  if (!response.ok || !response.body) {
    clearTimeout(timer)
    return response
  }
  const progress = progressPrinter(host, Number(response.headers.get('content-length')) || 0)
  const reader = response.body.getReader()
  let received = 0
  watch('no data')
  const body = new ReadableStream({
    async pull(out) {
      try {
        const { done, value } = await reader.read()
        if (done) {
          clearTimeout(timer)
          return out.close()
        }
        received += value.byteLength
        watch('no data')
        progress(received)
        out.enqueue(value)
      } catch (error) {
        clearTimeout(timer)
        out.error(oneLine(error))
      }
    },
    cancel(reason) {
      clearTimeout(timer)
      return reader.cancel(reason)
    },
  })
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  })
}
