// Types for gen-icons.mjs, which the icon test imports.
export const ICON_SIZES: number[]
export const resourcesDir: string
export function renderIcons(svg?: Buffer): Map<number, Buffer>
