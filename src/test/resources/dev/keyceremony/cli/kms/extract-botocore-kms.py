#!/usr/bin/env python3
"""Regenerates the KMS model extracts from an installed botocore (the AWS CLI's model):

  python3 extract-botocore-kms.py

writes, next to this script, botocore-kms-model.json (test oracle: every operation's required
members, input members, output members, top-level enum values and paginator result key) and
../../../../../../main/resources/dev/keyceremony/cli/kms/required-members.json (the one fact the
AWS SDK for Java's model does not carry: which input members the API requires)."""
import gzip, json, os
import botocore

here = os.path.dirname(os.path.abspath(__file__))
data = os.path.join(os.path.dirname(botocore.__file__), "data", "kms", "2014-11-01")
path = os.path.join(data, "service-2.json")
if os.path.exists(path):
    model = json.load(open(path))
else:
    model = json.load(gzip.open(path + ".gz"))
pages = json.load(open(os.path.join(data, "paginators-1.json")))["pagination"]
shapes = model["shapes"]
source = "botocore %s data/kms/2014-11-01 (Apache-2.0)" % botocore.__version__
oracle = {"_source": source + ": required, input, output members, enum values, paginators"}
required = {"_source": source + ": required input members per operation"}
for name, op in sorted(model["operations"].items()):
    inp = shapes[op["input"]["shape"]] if "input" in op else {"members": {}}
    out = shapes[op["output"]["shape"]] if "output" in op else {"members": {}}
    enums = {}
    for m, ref in inp.get("members", {}).items():
        s = shapes[ref["shape"]]
        if s.get("type") == "string" and "enum" in s:
            enums[m] = s["enum"]
    entry = {"required": inp.get("required", []), "members": list(inp.get("members", {})),
             "output": list(out.get("members", {})), "enums": enums}
    if name in pages:
        entry["resultKey"] = pages[name]["result_key"]
    oracle[name] = entry
    required[name] = inp.get("required", [])
json.dump(oracle, open(os.path.join(here, "botocore-kms-model.json"), "w"), indent=1)
main = os.path.join(here, *[".."] * 6, "main", "resources", "dev", "keyceremony", "cli", "kms")
json.dump(required, open(os.path.join(main, "required-members.json"), "w"), indent=1)
