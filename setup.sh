#!/usr/bin/env bash
# Installs what DwarfAbi's build and tests need on a fresh Debian machine, restores NuGet
# packages and builds the native dwarfabi binary. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")"

packages=(
    # reference tools the tests compare against
    llvm binutils dwarves bpftool elfutils kmod xz-utils
    # compilers that make the test objects
    gcc clang
    gcc-aarch64-linux-gnu gcc-arm-linux-gnueabihf gcc-riscv64-linux-gnu
    gcc-s390x-linux-gnu gcc-i686-linux-gnu gcc-powerpc64le-linux-gnu
    # benches, the libdw reference walker and the kernel's gendwarfksyms (built from source)
    libdw-dev libelf-dev zlib1g-dev zstd hyperfine time
)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "setup: installing ${missing[*]}" >&2
    SUDO=""
    [[ $(id -u) -eq 0 ]] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

reference=$(tests/fixtures/build-gendwarfksyms.sh)
echo "setup: reference gendwarfksyms: $reference" >&2

dotnet restore DwarfAbi.slnx --nologo -v quiet
./dwarfabi --version
