#!/usr/bin/env sh
# The browser test drives Debian's Chromium (playwright-core never downloads a browser). Install it
# when it is missing and this machine can (root with apt-get); otherwise say how. Another apt or
# dpkg run (an unattended upgrade, a second checkout's tests) holds dpkg's lock: wait for it
# rather than fail.
command -v chromium >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "pretest: installing Debian's chromium for the browser test"
  wait_for_lock="-o DPkg::Lock::Timeout=600"
  (apt-get $wait_for_lock install -y chromium >/dev/null 2>&1 || (apt-get $wait_for_lock update >/dev/null && apt-get $wait_for_lock install -y chromium >/dev/null)) && exit 0
fi
echo "pretest: the browser test needs Chromium: run 'sudo apt-get install -y chromium' (Debian/Ubuntu)" >&2
exit 1
