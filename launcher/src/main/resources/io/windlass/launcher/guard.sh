# Windlass etcd guard (run as: bash -c "$(cat guard.sh)" windlass-guard PARENT_PID ORPHAN_DIR COMMAND...).
# Starts COMMAND as its child, prints the child's pid on stdout, then waits for it. Once a second it checks that
# PARENT_PID (the JVM) still exists with the same start time; if not, it SIGKILLs the child and deletes ORPHAN_DIR
# (if not empty) and then ORPHAN_DIR's parent if empty. Controls: SIGTERM = SIGKILL the child and exit 137,
# SIGUSR1 = SIGSTOP the child, SIGUSR2 = SIGCONT it. Exits with the child's status and leaves no process behind.
# The child is only ever signalled while its start time still matches, so a recycled pid is never hit.

st() { local s; { read -r s < "/proc/$1/stat"; } 2>/dev/null || return 1; s=${s##*) }; set -- $s; echo "${20}"; }

parent=$1; orphan_dir=$2; shift 2
pst=$(st "$parent") || exit 97
"$@" </dev/null 1>&2 &
child=$!
cst=$(st "$child")
tick=

signal_child() { [ -n "$cst" ] && [ "$(st "$child")" = "$cst" ] && kill "$1" "$child" 2>/dev/null; }
finish() {
  if [ -n "$tick" ]; then kill "$tick" 2>/dev/null; wait "$tick" 2>/dev/null; fi
  exit "$1"
}
stop() { signal_child -KILL; wait "$child" 2>/dev/null; finish 137; }
orphaned() {
  signal_child -KILL; wait "$child" 2>/dev/null
  if [ -n "$orphan_dir" ]; then rm -rf -- "$orphan_dir"; rmdir -- "${orphan_dir%/*}" 2>/dev/null; fi
  finish 137
}
parent_alive() { [ "$(st "$parent")" = "$pst" ]; }

trap stop TERM
trap 'signal_child -STOP' USR1
trap 'signal_child -CONT' USR2
echo "$child"
exec 1>/dev/null

if (( BASH_VERSINFO[0] * 100 + BASH_VERSINFO[1] >= 501 )); then
  # bash >= 5.1: wake up as soon as the child exits or the 1 s tick ends
  while :; do
    if [ -z "$tick" ]; then sleep 1 & tick=$!; fi
    done=
    wait -n -p done "$child" "$tick" 2>/dev/null; rc=$?
    if [ "$done" = "$child" ]; then finish "$rc"; fi
    # a child that died before this wait started (even before $cst was read) is "no such job" to wait -n (seen on a
    # loaded machine: etcd failing at once on a busy port); bash keeps its status for a plain wait
    now=$(st "$child"); if [ -z "$now" ] || [ "$now" != "$cst" ]; then wait "$child" 2>/dev/null; finish $?; fi
    if [ "$done" = "$tick" ]; then tick=; parent_alive || orphaned; fi
  done
else
  # older bash: notice the child's exit within a second
  while [ "$(st "$child")" = "$cst" ]; do
    if [ -z "$tick" ]; then sleep 1 & tick=$!; fi
    wait "$tick"
    if [ $? -gt 128 ]; then continue; fi  # a trap interrupted the wait; the same tick still runs
    tick=
    parent_alive || orphaned
  done
  wait "$child"; finish $?
fi
