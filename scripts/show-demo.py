"""Print the demo sign-ins that `manage.py demo` wrote, for a person reading `make run`."""

import json
import sys

demo = json.load(open(sys.argv[1], encoding="utf-8"))  # noqa: SIM115
url = demo["base_url"]
print(f"""
Aftercare is starting on {url}
  API docs:        {url}/api/docs/
  Admin:           {url}/admin/
  Health:          {url}/healthz

Clinician sign-in: {demo["clinician"]["username"]} / {demo["clinician"]["password"]}
  token:           Authorization: Bearer {demo["clinician"]["token"]}
Patient {demo["patient"]["phone"]}: Authorization: Bearer {demo["patient"]["token"]}
Patient {demo["other_patient"]["phone"]}: Authorization: Bearer {demo["other_patient"]["token"]}
  (one-time codes from POST /api/v1/auth/otp/ are printed below as [sms to ...])

Full JSON: {json.dumps(demo, ensure_ascii=False)}
""")
