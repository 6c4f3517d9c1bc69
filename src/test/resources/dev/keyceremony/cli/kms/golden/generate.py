#!/usr/bin/env python3
"""Writes the golden outputs for FormatterGoldenTest from the AWS CLI's own formatting code.

Run by hand (not part of the build), with stdout NOT a terminal so tables are 80 wide:
  PYTHONPATH=<site-packages with awscli> /usr/bin/python3 generate.py | cat
text.py, table.py and the TableFormatter are the same in AWS CLI v1 and v2; JSON is v2's
json.dump(indent=4, ensure_ascii=False); YAML is v2's ruamel.yaml safe dumper (block style).
"""
import glob
import io
import json
import os
import sys
from argparse import Namespace

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, '/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages')
from awscli import text  # noqa: E402
from awscli.formatter import TableFormatter  # noqa: E402
from ruamel.yaml import YAML  # noqa: E402  (Debian python3-ruamel.yaml)


def yaml_dump(value):
    y = YAML(typ='safe')
    y.default_flow_style = False
    s = io.StringIO()
    y.dump(value, s)
    return s.getvalue()


for path in sorted(glob.glob(os.path.join(here, '*.input.json'))):
    base = path[:-len('.input.json')]
    operation = os.path.basename(base).split('.')[0]
    with open(path) as f:
        data = json.load(f)
    outs = {}
    s = io.StringIO()
    if data != {}:
        json.dump(data, s, indent=4, ensure_ascii=False)
        s.write('\n')
    outs['json'] = s.getvalue()
    s = io.StringIO()
    text.format_text(data, s)
    outs['text'] = s.getvalue()
    s = io.StringIO()
    TableFormatter(Namespace(color='off', query=None))(operation, data, s)
    outs['table'] = s.getvalue()
    outs['yaml'] = yaml_dump(data) if data != {} else ''
    outs['yaml-stream'] = yaml_dump([data]) if data != {} else ''
    for fmt, content in outs.items():
        with open(base + '.' + fmt + '.out', 'w') as f:
            f.write(content)
    print('wrote', os.path.basename(base), file=sys.stderr)
