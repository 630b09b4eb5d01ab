// electron-builder's afterPack hook: runs on the unpacked app, before it is signed and made into installers,
// which is the one moment fuses can be flipped (signing covers the flipped binary).
import { Arch, type AfterPackContext } from 'electron-builder'
import { flipPackedFuses, packedExecutable } from './fuses'

export async function afterPack(context: AfterPackContext): Promise<void> {
  const executable = packedExecutable({
    appOutDir: context.appOutDir,
    electronPlatformName: context.electronPlatformName,
    packager: context.packager as AfterPackContext['packager'] & { executableName?: string },
  })
  const darwin = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas'
  await flipPackedFuses(executable, { resetAdHocDarwinSignature: darwin && context.arch === Arch.arm64 })
  console.log(`  • fuses flipped  executable=${executable}`)
}
