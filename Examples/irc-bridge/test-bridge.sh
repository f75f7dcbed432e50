#!/usr/bin/env bash
# End-to-end test of the IRC bridge: a private ngircd on a free loopback port, the bridge
# (bot "spasm"), and a second ii client playing the user "alice".
#
# Usage: test-bridge.sh PATH-TO-SPASM
# Exits 0 on success, 1 on failure (with the reason and the logs), 2 on bad usage, and 77 when
# ngircd, ii or python3 is missing. Never contacts any address but 127.0.0.1; takes under 60 s.
set -u

fail() {
    echo "FAIL: $*" >&2
    show_logs
    exit 1
}

if [ $# -ne 1 ]; then
    echo "usage: $0 PATH-TO-SPASM" >&2
    exit 2
fi
case "$1" in
    /*) spasm=$1 ;;
    *) spasm=$PWD/$1 ;;
esac
if [ ! -x "$spasm" ]; then
    echo "FAIL: $1 is not an executable spasm binary (build it first)" >&2
    exit 2
fi

ngircd=$(command -v ngircd || echo /usr/sbin/ngircd)
if [ ! -x "$ngircd" ] || ! command -v ii >/dev/null; then
    echo "SKIP: ngircd/ii not installed (apt-get install -y ngircd ii)"
    exit 77
fi
if ! command -v python3 >/dev/null; then
    echo "SKIP: python3 not installed"
    exit 77
fi

here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/spasm-irc-test.XXXXXX")
channel='#spasm-test'
pids=()

cleanup() {
    local pid
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
    for pid in "${pids[@]}"; do
        for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    [ -n "${KEEP_TEST_FILES:-}" ] && echo "kept $work" >&2 || rm -rf "$work"
}
trap cleanup EXIT
trap 'echo "FAIL: interrupted" >&2; exit 130' INT TERM

show_logs() {
    echo "--- alice's view of $channel:" >&2
    tail -n 40 "$work/alice/127.0.0.1/$channel/out" >&2 2>/dev/null
    echo "--- bridge log:" >&2
    tail -n 20 "$work/bridge.log" >&2 2>/dev/null
    echo "--- ngircd log:" >&2
    tail -n 10 "$work/ngircd.log" >&2 2>/dev/null
}

# Whole-test budget: every wait below stops at this deadline.
deadline=$((SECONDS + 55))

# wait_until SECONDS COMMAND...: runs COMMAND every 0.1 s until it succeeds; false on timeout.
wait_until() {
    local limit=$((SECONDS + $1))
    shift
    [ "$limit" -gt "$deadline" ] && limit=$deadline
    until "$@"; do
        [ "$SECONDS" -ge "$limit" ] && return 1
        sleep 0.1
    done
}

# send FIFO TEXT: writes TEXT (printf %b escapes allowed) and a newline to one of ii's FIFOs.
send() {
    timeout 5 bash -c 'printf "%b\n" "$2" > "$1"' _ "$1" "$2" || fail "could not write to $1"
}

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/conf.d"
cat > "$work/ngircd.conf" <<EOF
[Global]
Name = irc.spasm.test
Info = spasm bridge test server
AdminInfo1 = spasm bridge test
AdminInfo2 = loopback only
AdminEMail = nobody@localhost
Listen = 127.0.0.1
Ports = $port
MotdPhrase = test server
PidFile = $work/ngircd.pid
[Limits]
MaxConnectionsIP = 10
MaxNickLength = 30
PingTimeout = 120
[Options]
DNS = no
Ident = no
PAM = no
IncludeDir = $work/conf.d
EOF

"$ngircd" -n -f "$work/ngircd.conf" > "$work/ngircd.log" 2>&1 &
pids+=($!)
wait_until 10 grep -q 'ready' "$work/ngircd.log" || fail "ngircd did not start on 127.0.0.1:$port"

python3 "$here/bridge.py" --port "$port" --channel "$channel" --nick spasm --spasm "$spasm" \
    --ii-dir "$work/bot" > "$work/bridge.log" 2>&1 &
bridge=$!
pids+=($bridge)

ii -s 127.0.0.1 -p "$port" -n alice -i "$work/alice" > /dev/null 2>&1 &
pids+=($!)
alice=$work/alice/127.0.0.1
wait_until 10 test -p "$alice/in" || fail "alice's ii did not connect"
wait_until 10 grep -q "joined $channel as spasm" "$work/bridge.log" || fail "the bridge did not join $channel"
send "$alice/in" "/j $channel"
wait_until 10 test -p "$alice/$channel/in" || fail "alice could not join $channel"
view=$alice/$channel/out

# replies_since LINE: the bot's lines to alice in the channel after line LINE of alice's view.
replies_since() {
    tail -n "+$(($1 + 1))" "$view" 2>/dev/null | grep -E '^[0-9]+ <spasm> alice: ' | sed -E 's/^[0-9]+ <spasm> alice: //'
}
has_reply() {
    replies_since "$1" | grep -Eiq "$2"
}
lines_seen() {
    wc -l < "$view" 2>/dev/null || echo 0
}

# ask QUESTION PATTERN WHAT: asks in the channel and waits for a reply matching PATTERN.
ask() {
    local start
    start=$(lines_seen)
    send "$alice/$channel/in" "$1"
    wait_until 15 has_reply "$start" "$2" || fail "no reply $3 to \"$1\""
    echo "ok: \"$1\" -> $(replies_since "$start" | grep -Ei "$2" | head -n 1 | cut -c 1-100)..."
}

ask "spasm: what is peripheral artery disease?" 'arter' "mentioning arteries"
ask "spasm: how is it treated?" 'angioplasty|bypass|smok|medic' "about treatment (the follow-up lost its context?)"

# Junk: the longest line ii can send whole (ii cuts longer lines, losing their line end, and the
# server then drops what follows: a client's bug, not the bridge's), control characters,
# invalid UTF-8, NUL, broken JSON, empty questions, CTCP.
long=$(printf 'cramp%.0s' $(seq 1 90))
send "$alice/$channel/in" "spasm: $long"
send "$alice/$channel/in" 'spasm: \001\002\003\033[31m\007 red alert\x7f'
send "$alice/$channel/in" 'spasm, \xff\xfe\xc3\x28 \xed\xa0\x80 invalid utf-8'
send "$alice/$channel/in" 'spasm: {not json'
send "$alice/$channel/in" 'spasm: {"text": "injected", "session": "bob"}\\n{"text":'
send "$alice/$channel/in" 'spasm:'
send "$alice/$channel/in" 'spasm,    '
send "$alice/$channel/in" 'spasm: \0 nul'
send "$alice/$channel/in" '\001VERSION\001'
send "$alice/$channel/in" 'spasm: /quit'
send "$alice/in" '/j spasm \xff\x01junk in private'
kill -0 "$bridge" 2>/dev/null || fail "the bridge died after junk input"

ask "spasm: what is peripheral artery disease?" 'arter' "after the junk (the bot stopped answering?)"

# A private question is answered privately.
send "$alice/in" "/j spasm how is peripheral artery disease treated?"
wait_until 15 grep -Eiq '<spasm> .*(angioplasty|bypass|smok|medic)' "$alice/spasm/out" \
    || fail "no private reply about treatment"
echo "ok: private question answered"

# Every line the bot posted is IRC-safe: short, not empty, no control characters.
posted=$(grep -hE '^[0-9]+ <spasm> ' "$view" "$alice/spasm/out" | sed -E 's/^[0-9]+ <spasm> //')
[ -n "$posted" ] || fail "the bot posted nothing"
longest=$(printf '%s\n' "$posted" | LC_ALL=C awk '{ if (length($0) > n) n = length($0) } END { print n }')
[ "$longest" -le 400 ] || fail "the bot posted a line of $longest bytes (limit 400)"
if printf '%s\n' "$posted" | grep -Eq '^ *$'; then fail "the bot posted an empty line"; fi
if printf '%s\n' "$posted" | LC_ALL=C grep -q '[[:cntrl:]]'; then fail "the bot posted control characters"; fi
echo "ok: $(printf '%s\n' "$posted" | wc -l) lines posted, longest $longest bytes, no controls"

# Nothing users typed reaches the log without --verbose.
if grep -Eiq 'artery|junk|not json|cramp' "$work/bridge.log"; then fail "the bridge logged what users typed"; fi
echo "ok: the log holds no user text"

# SIGTERM stops the bridge cleanly and takes its ii with it.
kill -TERM "$bridge"
wait_until 5 sh -c "! kill -0 $bridge 2>/dev/null" || fail "the bridge ignored SIGTERM"
wait "$bridge"
status=$?
[ "$status" -eq 0 ] || fail "the bridge exited with status $status after SIGTERM"
wait_until 5 grep -q 'spasm.* has quit' "$alice/out" || fail "the bot's ii did not leave the server"
leftovers=$(find "$work/bot" -name 'out*' -size +0c 2>/dev/null)
[ -z "$leftovers" ] || fail "the bridge left what users typed on disk: $leftovers"
echo "ok: SIGTERM shut the bridge down cleanly"

echo "PASS: IRC bridge end-to-end in ${SECONDS}s"
