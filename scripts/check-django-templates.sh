#!/usr/bin/env bash
# weft check over the templates Django ships (Debian's python3-django): the
# only failures allowed are the admin's own tag libraries, which weft does
# not have, and the length_is filter, which Django 5.2 removed.
#   check-django-templates.sh WEFT
set -u
weft=$(realpath "${1:?usage: check-django-templates.sh WEFT}")
django=$(/usr/bin/python3 -c 'import django, os; print(os.path.dirname(django.__file__))' 2>/dev/null)
if [ -z "$django" ]; then
    echo "check-django-templates: Debian's Django is not installed"
    [ "${CI:-}" = true ] && exit 1 || exit 77
fi
cd "$django" || exit 1
dirs=(forms/templates contrib/*/templates)
out=$("$weft" check "${dirs[@]}" 2>&1)
# Each failure is one line "file:line:col: Kind: message", then the source
# line and a caret.
failures=$(printf '%s\n' "$out" | grep -E '^[^ ].*:[0-9]+:[0-9]+: ' || true)
allowed="'(admin_urls|admin_list|admin_modify|log)' is not a registered tag library|Invalid filter: 'length_is'"
unexpected=$(printf '%s\n' "$failures" | grep -vE "$allowed" | grep . || true)
count=$(printf '%s\n' "$failures" | grep -c . || true)
templates=$(find "${dirs[@]}" -type f | wc -l)
if [ -n "$unexpected" ]; then
    printf '%s\n' "$unexpected"
    echo "check-django-templates: FAILED: failures beyond the admin's libraries and length_is"
    exit 1
fi
[ "$count" -gt 0 ] || { echo "check-django-templates: FAILED: no failure seen (the admin's must fail)"; exit 1; }
echo "check-django-templates: $templates templates, $count expected failures (admin libraries, length_is), none other"
