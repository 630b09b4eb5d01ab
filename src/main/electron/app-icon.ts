// The app icon for the window (Linux and Windows; macOS takes the bundle's) and for notifications: a PNG
// rendered from resources/icon.svg by `npm run gen:icons`. The app's folder holds resources/ in every run.
import { app, nativeImage, type NativeImage } from 'electron'
import { join } from 'node:path'

let icon: NativeImage | undefined

/** Loaded once, on first use (after the app is ready). */
export function appIcon(): NativeImage {
  icon ??= nativeImage.createFromPath(join(app.getAppPath(), 'resources', 'icons', '256x256.png'))
  return icon
}
