// Types for gen-icons.mjs, which the icon and packaging tests import.
export const ICON_SIZES: number[]
export const BADGE_LABELS: string[]
export const resourcesDir: string
export function renderIcons(svg?: Buffer): Map<number, Buffer>
export function renderTray(icon?: string): Map<string, Buffer>
export function badgeSvg(label: string): string
export function renderBadges(): Map<string, Buffer>
export function badgeFile(label: string): string
