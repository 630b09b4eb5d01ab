#!/usr/bin/env node
// `npm run gen:icons`: every image the app ships, rendered from SVG: the app icon's PNG sizes from its one
// source, resources/icon.svg, into resources/icons/<n>x<n>.png (the names electron-builder reads for Linux);
// the macOS menu-bar (tray) template from the icon's speech bubble; and the Windows taskbar overlays that show
// the unread count (1–9 and 9+), drawn with stroked digits so no font (which differs between machines) is
// involved. The PNGs are committed; a unit test fails when they are not exactly what this renders.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Resvg } from '@resvg/resvg-js'

export const ICON_SIZES = [16, 32, 48, 64, 128, 256, 512, 1024]
export const resourcesDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources')
/** The overlay labels: the count itself up to 9, then "9+". */
export const BADGE_LABELS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '9+']
const BADGE_SIZE = 32

const render = (svg, size) => new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng()

/** Each size's PNG bytes, rendered from the SVG source. */
export function renderIcons(svg = readFileSync(join(resourcesDir, 'icon.svg'))) {
  return new Map(ICON_SIZES.map((size) => [size, render(svg, size)]))
}

/** The bubble of icon.svg alone, black on transparent: macOS tints a "Template" image for light and dark bars. */
function trayTemplateSvg(icon) {
  const bubble = /<path fill="#ffffff" d="([^"]+)"/.exec(icon)?.[1]
  if (!bubble) throw new Error('resources/icon.svg has no white bubble path for the tray template')
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1024" height="1024" viewBox="150 150 724 724"><path fill="#000000" d="${bubble}"/></svg>`
}

/** File name → PNG bytes of the tray template (16 px and its @2x). */
export function renderTray(icon = readFileSync(join(resourcesDir, 'icon.svg'), 'utf8')) {
  const svg = trayTemplateSvg(icon)
  return new Map([
    ['trayTemplate.png', render(svg, 16)],
    ['trayTemplate@2x.png', render(svg, 32)],
  ])
}

// Digits as strokes on a 10 × 16 cell (x 2–8, y 2–14), drawn with round caps and joins.
const DIGITS = {
  1: 'M3 4.5 L5.5 2 V14',
  2: 'M2.2 4.8 Q2.5 2 5 2 Q8 2 8 5 Q8 7.5 2 14 H8.2',
  3: 'M2.2 2 H8 L4.6 6.8 Q8.2 6.6 8.2 10.2 Q8.2 14 5 14 Q2.6 14 2 12.2',
  4: 'M6.4 14 V2 L1.8 10.4 H8.6',
  5: 'M8 2 H3 L2.6 7.6 Q3.8 6.8 5 6.8 Q8.2 6.8 8.2 10.4 Q8.2 14 5 14 Q2.6 14 2 12.4',
  6: 'M7.6 2.4 Q2 3 2 10 Q2 14 5 14 Q8 14 8 10.6 Q8 7.2 5 7.2 Q2.6 7.2 2 9.6',
  7: 'M2 2 H8.2 L4.2 14',
  8: 'M5 7.4 Q2.2 7.4 2.2 4.7 Q2.2 2 5 2 Q7.8 2 7.8 4.7 Q7.8 7.4 5 7.4 Q8.2 7.4 8.2 10.7 Q8.2 14 5 14 Q1.8 14 1.8 10.7 Q1.8 7.4 5 7.4 Z',
  9: 'M2.4 13.6 Q8 13 8 6 Q8 2 5 2 Q2 2 2 5.4 Q2 8.8 5 8.8 Q7.4 8.8 8 6.4',
}

/** A red disc with the label in white strokes, for the Windows taskbar overlay. */
export function badgeSvg(label) {
  const glyphs = [...label].map((char) => (char === '+' ? 'M1 8 H7 M4 5 V11' : DIGITS[char]))
  const widths = [...label].map((char) => (char === '+' ? 8 : 10))
  const total = widths.reduce((a, b) => a + b, 0)
  // Two glyphs (9+) are drawn smaller to fit the disc.
  const scale = label.length === 1 ? 1.35 : 1
  let x = 16 - (total * scale) / 2
  const paths = glyphs.map((d, i) => {
    const path = `<path transform="translate(${x} ${16 - 8 * scale}) scale(${scale})" d="${d}"/>`
    x += widths[i] * scale
    return path
  })
  return `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32"><circle cx="16" cy="16" r="15" fill="#d92d20" stroke="#ffffff" stroke-width="2"/><g fill="none" stroke="#ffffff" stroke-width="${2.4 / scale}" stroke-linecap="round" stroke-linejoin="round">${paths.join('')}</g></svg>`
}

/** Label → PNG bytes of its overlay (resources/badges/<label>.png, "9+" as 9-plus.png). */
export function renderBadges() {
  return new Map(BADGE_LABELS.map((label) => [label, render(Buffer.from(badgeSvg(label)), BADGE_SIZE)]))
}

export const badgeFile = (label) => `${label.replace('+', '-plus')}.png`

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const write = (folder, name, png) => {
    mkdirSync(join(resourcesDir, folder), { recursive: true })
    writeFileSync(join(resourcesDir, folder, name), png)
    process.stdout.write(`resources/${folder}/${name} (${png.length} bytes)\n`)
  }
  for (const [size, png] of renderIcons()) write('icons', `${size}x${size}.png`, png)
  for (const [name, png] of renderTray()) write('tray', name, png)
  for (const [label, png] of renderBadges()) write('badges', badgeFile(label), png)
}
