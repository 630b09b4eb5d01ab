#!/usr/bin/env node
// Sizes that the guide asks us to keep small: the longest source modules and the longest functions in src
// (found with the TypeScript parser, so a closure inside a factory counts on its own). A report, not a test:
// `node scripts/code-size.mjs [how many]`. Generated code is left out.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import ts from 'typescript'

const top = Number(process.argv[2] ?? 10)
const files = execFileSync('git', ['ls-files', 'src'], { encoding: 'utf8' })
  .split('\n')
  .filter((file) => /\.tsx?$/.test(file) && !file.endsWith('.gen.ts'))

const modules = []
const functions = []
for (const file of files) {
  const text = readFileSync(file, 'utf8')
  modules.push({ lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0), where: file })
  const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind)
  const lineOf = (pos) => source.getLineAndCharacterOfPosition(pos).line + 1
  const nameOf = (node) => {
    if (node.name) return node.name.getText(source)
    const parent = node.parent
    if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent))
      return parent.name.getText(source)
    return '(anonymous)'
  }
  const visit = (node) => {
    if (ts.isFunctionLike(node) && node.body) {
      const start = lineOf(node.getStart(source))
      functions.push({ lines: lineOf(node.end) - start + 1, name: nameOf(node), where: `${file}:${start}` })
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
}

const print = (title, rows, label) => {
  console.log(title)
  for (const row of rows.sort((a, b) => b.lines - a.lines).slice(0, top))
    console.log(`${String(row.lines).padStart(6)}  ${label(row)}`)
}
print(`Longest modules (of ${modules.length}):`, modules, (row) => row.where)
print(`\nLongest functions (of ${functions.length}):`, functions, (row) => `${row.name}  ${row.where}`)
