import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy, HEADER_ONLY_DIRECTIVES } from '../../../../src/shared/csp'

const directives = (policy: string) =>
  new Map(policy.split('; ').map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)] as const))

describe('the renderer CSP', () => {
  it('as a header: strict, with frame-ancestors, and the extra connect sources', () => {
    const header = directives(contentSecurityPolicy({ delivery: 'header', connect: ['ws://127.0.0.1:4000'] }))
    expect(header.get('default-src')).toEqual(["'none'"])
    expect(header.get('script-src')).toEqual(["'self'"])
    expect(header.get('style-src')).toEqual(["'self'"])
    expect(header.get('frame-ancestors')).toEqual(["'none'"])
    expect(header.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:4000'])
  })

  it('as a meta tag: the same policy without the directives only a header delivers', () => {
    const header = directives(contentSecurityPolicy({ delivery: 'header' }))
    const meta = directives(contentSecurityPolicy({ delivery: 'meta' }))
    for (const name of HEADER_ONLY_DIRECTIVES) expect(meta.has(name)).toBe(false)
    expect([...meta.keys()]).toEqual([...header.keys()].filter((n) => !HEADER_ONLY_DIRECTIVES.includes(n)))
    for (const [name, sources] of meta) expect(sources).toEqual(header.get(name))
  })

  it("allows inline code and the HMR socket only for Vite's dev server", () => {
    const dev = directives(contentSecurityPolicy({ delivery: 'meta', devServer: true }))
    expect(dev.get('script-src')).toEqual(["'self'", "'unsafe-inline'"])
    expect(dev.get('connect-src')).toContain('ws://localhost:*')
    expect(contentSecurityPolicy({ delivery: 'header' })).not.toContain('unsafe')
  })

  it('the web bridge adds the sandbox that refuses new windows; a meta tag cannot carry it', () => {
    const bridge = directives(contentSecurityPolicy({ delivery: 'header', noNewWindows: true }))
    expect(bridge.get('sandbox')).toEqual(['allow-scripts', 'allow-same-origin', 'allow-forms'])
    expect(contentSecurityPolicy({ delivery: 'header' })).not.toContain('sandbox')
    expect(contentSecurityPolicy({ delivery: 'meta', noNewWindows: true })).not.toContain('sandbox')
  })
})
