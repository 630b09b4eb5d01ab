// npm run preview:web — the app without Electron: main services in Node, renderer in your browser.
import { startWebApp } from './start'

const portArg = process.argv.indexOf('--port')
const dataArg = process.argv.indexOf('--data-dir')
const app = await startWebApp({
  port: portArg > 0 ? Number(process.argv[portArg + 1]) : 0,
  dataDir: dataArg > 0 ? process.argv[dataArg + 1] : undefined,
})
process.stdout.write(
  `Linq (web bridge) is running.\nOpen: ${app.url}\nData: ${app.dataDir}\nCtrl-C stops it.\n`,
)

const stop = () => {
  void app.close().then(() => process.exit(0))
}
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
