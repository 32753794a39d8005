"""`make audit`: pip-audit over requirements.lock, tolerant of having no network.

Exit 0 when nothing is known to be vulnerable, or when the vulnerability service could not be
reached (a warning says so: an offline `make test` must still pass); exit 1 when a pinned
package has a known vulnerability that `audit-ignore.txt` does not list with a justification.

`audit-ignore.txt`: one vulnerability per line, its id, then why it does not apply to khabar
(`GHSA-xxxx-xxxx-xxxx  only the CLI's --foo is affected, which khabar never calls`); an entry
without a reason is an error, so nothing is ignored without a reviewed reason.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
IGNORE = ROOT / "audit-ignore.txt"


def ignored() -> dict[str, str]:
    """Reviewed vulnerability ids and their reasons; exits on an entry without a reason."""
    entries: dict[str, str] = {}
    lines = IGNORE.read_text("utf-8").splitlines() if IGNORE.exists() else []
    for number, line in enumerate(lines, 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        vuln_id, _, reason = line.partition(" ")
        if not reason.strip():
            sys.exit(f"audit: {IGNORE.name}:{number}: {vuln_id} needs a reason after its id")
        entries[vuln_id] = reason.strip()
    return entries


def main() -> int:
    allowed = ignored()
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "audit.json"
        command = [
            str(Path(sys.executable).with_name("pip-audit")),
            "--requirement",
            str(LOCK),
            "--no-deps",
            "--disable-pip",
            "--progress-spinner",
            "off",
            "--format",
            "json",
            "--output",
            str(report),
            "--timeout",
            "20",
        ]
        run = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 (fixed command)
        if not report.exists() or not report.read_text("utf-8").strip():
            reason = (run.stderr.strip().splitlines() or ["no report"])[-1]
            print(
                f"audit: WARNING: the vulnerability service was not reached ({reason}); "
                "nothing was audited"
            )
            return 0
        data = json.loads(report.read_text("utf-8"))
    dependencies = data.get("dependencies", [])
    audited = [d for d in dependencies if "skip_reason" not in d]
    if not audited:
        print(
            f"audit: WARNING: none of the {len(dependencies)} pinned packages could be "
            "audited (the vulnerability service is unreachable or has no data for them)"
        )
        return 0
    found = [(d["name"], d["version"], v) for d in audited for v in d.get("vulns", [])]
    failing = [
        (name, version, vuln)
        for name, version, vuln in found
        if not ({vuln["id"], *vuln.get("aliases", [])} & allowed.keys())
    ]
    for name, version, vuln in failing:
        fixed = ", ".join(vuln.get("fix_versions", [])) or "none yet"
        print(f"audit: {name} {version}: {vuln['id']} (fixed in {fixed})")
    skipped = len(dependencies) - len(audited)
    print(
        f"audit: {len(audited)} packages audited, {skipped} skipped, {len(found)} known "
        f"vulnerabilities, {len(found) - len(failing)} of them reviewed in {IGNORE.name}"
    )
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
