// Types for dist.mjs, which the packaging tests import.
export function platformsNamed(args: string[], host?: NodeJS.Platform): NodeJS.Platform[]
