# Shared set-up of bin/drcn and bin/test: find JDK 25, install PoCL when root and missing.
# Sourced, not run.

drcn_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# Sets JAVA_HOME to a JDK 25: $JAVA_HOME if it is one, else Temurin 25 where Debian puts it.
drcn_find_jdk25() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk /usr/lib/jvm/java-25-openjdk-amd64; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    if "$candidate/bin/java" -version 2>&1 | head -n 1 | grep -q 'version "25'; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "drcn: JDK 25 not found: install Temurin 25 (apt package temurin-25-jdk) or set JAVA_HOME to a JDK 25." >&2
  exit 1
}

# OpenCL needs the ICD loader and at least one driver. As root, install PoCL (CPU) when either is
# missing; otherwise say what is missing and go on (the JVM backend still works).
drcn_ensure_opencl() {
  local have_loader=0 have_driver=0
  ldconfig -p 2>/dev/null | grep -q 'libOpenCL\.so\.1' && have_loader=1
  ls /etc/OpenCL/vendors/*.icd >/dev/null 2>&1 && have_driver=1
  [ "$have_loader" = 1 ] && [ "$have_driver" = 1 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "drcn: installing PoCL (OpenCL on the CPU): apt-get install pocl-opencl-icd ocl-icd-libopencl1" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pocl-opencl-icd ocl-icd-libopencl1; } >&2 \
      || echo "drcn: could not install PoCL; OpenCL devices will be missing." >&2
  else
    echo "drcn: no OpenCL driver found; install pocl-opencl-icd and ocl-icd-libopencl1 for the OpenCL backend (the JVM backend works without)." >&2
  fi
}

# drcn_preload_jsig JDK: puts the JDK's signal-chaining library (lib/libjsig.so) in LD_PRELOAD, so
# that native libraries that install signal handlers (PoCL, LLVM) chain behind the JVM's instead of
# replacing them (a replaced SIGSEGV handler turns the JVM's next implicit null check into a crash).
drcn_preload_jsig() {
  local jsig="$1/lib/libjsig.so"
  if [ -f "$jsig" ] && [[ ":${LD_PRELOAD:-}:" != *":$jsig:"* ]]; then
    export LD_PRELOAD="$jsig${LD_PRELOAD:+:$LD_PRELOAD}"
  fi
}

# drcn_tornadovm_home CLASSPATH: TornadoVM programs open their prebuilt kernels in $TORNADOVM_HOME/examples/generated.
# Unless TORNADOVM_HOME names a folder that has them, it becomes runtime/target/tornadovm-home, written (when missing
# or older than the runtime jar) from drcn's Java kernels by drcn.runtime.graph.TornadoHome.
drcn_tornadovm_home() {
  if [ -n "${TORNADOVM_HOME:-}" ] && [ -d "$TORNADOVM_HOME/examples/generated" ]; then return 0; fi
  export TORNADOVM_HOME="$drcn_root/runtime/target/tornadovm-home"
  local marker="$TORNADOVM_HOME/examples/generated/atomics_uncompressed.cl"
  if [ ! -f "$marker" ] || [ "$drcn_root/runtime/target/drcn-runtime.jar" -nt "$marker" ]; then
    "$JAVA_HOME/bin/java" -cp "$1" drcn.runtime.graph.TornadoHome "$TORNADOVM_HOME" >/dev/null
  fi
}
