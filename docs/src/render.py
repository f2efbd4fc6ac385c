#!/usr/bin/env python3
"""Renders docs/src/*.md templates into README.md and docs/: every `@@include <tag>@@` line becomes a
java code block holding that tagged region of the compiled examples (so every block compiles).
DocsCodeBlocksTest fails the build when a rendered block and its source region disagree.
Run from the repository root: python3 docs/src/render.py"""
import glob, os, re, textwrap

regions = {}
for path in glob.glob('examples/src/main/java/**/*.java', recursive=True) + glob.glob(
        'examples-spring/src/main/java/**/*.java', recursive=True):
    text = open(path, encoding='utf-8').read()
    for m in re.finditer(r'// tag::([\w-]+)\[\]\n(.*?)\n\s*// end::\1\[\]', text, re.S):
        regions[m.group(1)] = textwrap.dedent(m.group(2)).rstrip()

def render(src, dst):
    out = []
    for line in open(src, encoding='utf-8').read().split('\n'):
        m = re.fullmatch(r'@@include ([\w-]+)@@', line.strip())
        if m:
            out.append('```java\n' + regions[m.group(1)] + '\n```')
        else:
            out.append(line)
    os.makedirs(os.path.dirname(dst) or '.', exist_ok=True)
    open(dst, 'w', encoding='utf-8').write('\n'.join(out))

for src in glob.glob('docs/src/**/*.md', recursive=True):
    rel = os.path.relpath(src, 'docs/src')
    render(src, 'README.md' if rel == 'README.md' else os.path.join('docs', rel))
