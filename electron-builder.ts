// electron-builder's configuration (`npm run dist`, scripts/dist.mjs): installers from the electron-vite build in
// out/. Checked in `npm test` against the JSON schema electron-builder ships (test/unit/node/packaging), and
// packed for real with a stand-in Electron after the build (test/built).
import type { Configuration } from 'electron-builder'
import { afterPack } from './packaging/after-pack'
import { afterSign } from './packaging/notarize'

/**
 * The generic update feed baked into a build (`LINQ_UPDATE_URL=https://… npm run dist`): electron-builder writes
 * it into the app as app-update.yml, where electron-updater finds it. None: that build has no feed of its own
 * (the user's settings may still name one).
 */
export function updateFeed(env: NodeJS.ProcessEnv): string | null {
  const raw = env.LINQ_UPDATE_URL?.trim()
  if (!raw) return null
  if (!URL.canParse(raw) || new URL(raw).protocol !== 'https:')
    throw new Error(`LINQ_UPDATE_URL must be an https:// address, not ${JSON.stringify(raw)}.`)
  return raw
}

export function builderConfig(env: NodeJS.ProcessEnv): Configuration {
  const feed = updateFeed(env)
  return {
    appId: 'com.linqapp.desktop',
    productName: 'Linq',
    executableName: 'linq-desktop',
    copyright: 'Copyright © Linq',
    directories: { output: 'dist', buildResources: 'packaging' },
    // What the app runs: the build and the icons main loads at run time. package.json and the production
    // dependencies are added by electron-builder itself; sources, tests, the web bridge and maps are not shipped.
    files: [
      'out/main/**',
      'out/preload/**',
      'out/renderer/**',
      'resources/icons/**',
      'resources/tray/**',
      'resources/badges/**',
      '!**/*.map',
    ],
    asar: true,
    // A native module cannot be loaded from inside an asar archive.
    asarUnpack: ['node_modules/keytar/build/Release/*.node'],
    // keytar is an N-API (v3) module: the build made for Node during `npm install` loads in Electron as it is.
    // Never rebuild it against Electron's headers (which would mean downloading them).
    npmRebuild: false,
    nodeGypRebuild: false,
    buildDependenciesFromSource: false,
    protocols: [{ name: 'Linq link', schemes: ['linq-desktop'] }],
    afterPack,
    afterSign,
    publish: feed ? [{ provider: 'generic', url: feed }] : null,
    mac: {
      category: 'public.app-category.business',
      icon: 'resources/icons/1024x1024.png',
      target: ['dmg', 'zip'],
      hardenedRuntime: true,
      gatekeeperAssess: false,
      entitlements: 'packaging/entitlements.mac.plist',
      entitlementsInherit: 'packaging/entitlements.mac.plist',
      // Notarized by the afterSign hook (packaging/notarize.ts), which skips plainly without credentials.
      notarize: false,
    },
    dmg: { title: '${productName} ${version}' },
    win: { icon: 'resources/icons/256x256.png', target: ['nsis'] },
    nsis: {
      oneClick: false,
      perMachine: false,
      allowToChangeInstallationDirectory: true,
      // The user's chats and settings stay when the app is removed, as a reinstall expects.
      deleteAppDataOnUninstall: false,
    },
    linux: {
      icon: 'resources/icons',
      category: 'Network',
      target: ['AppImage', 'deb'],
      maintainer: 'Linq <support@linqapp.com>',
      synopsis: 'iMessage, SMS and RCS from your Linq numbers',
      description: 'A desktop messenger for the Linq Partner API.',
    },
  }
}

export default builderConfig(process.env)
