#!/usr/bin/env bash
# `make bench`: runs the gotape benchmark workloads (compiled Go, and as notebook cells through
# the kernel when it exists) side by side with PyTorch (Debian python3-torch, installed when
# missing), alternating, and writes bench/RESULTS.md and bench/results.jsonl.
#
# Environment: BENCH_REPS (outer alternations, default 3), BENCH_WORKLOADS (space-separated
# subset), BENCH_THREADS (default "1 2"), BENCH_KERNEL=0 to skip the kernel part,
# BENCH_KERNEL_ONLY=1 to redo only the kernel part (keeps the other rows of results.jsonl).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3
GO=${GO:-go}
REPS=${BENCH_REPS:-3}
THREADS=${BENCH_THREADS:-"1 2"}
WORKLOADS=${BENCH_WORKLOADS:-"scalar linreg mlp32 mlp128 matmul32 matmul64 jacobian hessian cnn"}
OUT=bench/results.jsonl
BIN=bench/out
mkdir -p "$BIN"

# PyTorch (and OpenBLAS for both sides) from Debian.
need=()
$PY -c 'import torch' 2>/dev/null || need+=(python3-torch)
$PY -c 'import ipykernel' 2>/dev/null || need+=(python3-ipykernel) # the kernel-latency yardstick
compgen -G '/usr/lib/*-linux-gnu/libopenblas.so' >/dev/null || need+=(libopenblas-dev)
bash scripts/apt-install.sh bench ${need[@]+"${need[@]}"}

TAGS=$(bash scripts/gotags.sh)
echo "bench: building gobench (tags: ${TAGS:-none})"
rm -f "$BIN/gobench"
if $GO build -tags "$TAGS" -o "$BIN/gobench" ./bench/gobench; then
	BLAS_INFO=$("$BIN/gobench" -info)
else
	echo "bench: gobench does not build; gotape side skipped" >&2
	BLAS_INFO="(gobench did not build)"
fi
echo "bench: gotape BLAS: $BLAS_INFO"
# Give PyTorch's OpenBLAS (libblas.so.3) the same kernels gotape uses: OpenBLAS 0.3.21 falls
# back to Prescott on CPUs it does not know. The user's OPENBLAS_CORETYPE wins.
CORE=$(sed -n 's/.*, core \([A-Za-z0-9]*\),.*/\1/p' <<<"$BLAS_INFO")
TORCH_CORE=${OPENBLAS_CORETYPE:-$CORE}

# Inner repetitions per process: long workloads once, short ones more often.
inner() { case $1 in linreg|linreg_script|mlp32|mlp128) echo 1 ;; scalar) echo 3 ;; *) echo 5 ;; esac; }

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
if [ "${BENCH_KERNEL_ONLY:-0}" = 1 ] && [ -s "$OUT" ]; then
	# Redo only the kernel part, keeping the other results.
	grep -v -e '"impl": "gotape-kernel"' -e '"impl": "ipykernel"' -e '"impl": "stock-yaegi"' "$OUT" >"$OUT.tmp" || true
	mv "$OUT.tmp" "$OUT"
	REPS_SAVED=$REPS
	REPS=0
else
	: >"$OUT"
fi
run_go() { # workload threads
	[ -x "$BIN/gobench" ] || return 0
	OPENBLAS_NUM_THREADS=$2 "$BIN/gobench" -threads "$2" -reps "$(inner "$1")" "$1" >>"$OUT" \
		|| echo "bench: gotape $1 failed" >&2
}
# OMP_WAIT_POLICY=PASSIVE: with GNU OpenMP's default spinning, PyTorch's OpenMP workers and
# OpenBLAS's threads fight over the 2 cores (MLP epoch at 2 threads: 29 s instead of 1 s).
run_torch() { # workload threads
	env OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}" ${TORCH_CORE:+OPENBLAS_CORETYPE=$TORCH_CORE} \
		OPENBLAS_NUM_THREADS="$2" OMP_NUM_THREADS="$2" \
		$PY bench/torch_bench.py "$1" --threads "$2" --reps "$(inner "$1")" >>"$OUT" \
		|| echo "bench: torch $1 failed" >&2
}
for rep in $(seq 1 "$REPS"); do
	for w in $WORKLOADS; do
		for t in $THREADS; do
			echo "bench: rep $rep/$REPS $w threads=$t"
			# Alternate which side goes first.
			if [ $((rep % 2)) -eq 1 ]; then run_go "$w" "$t"; run_torch "$w" "$t"
			else run_torch "$w" "$t"; run_go "$w" "$t"; fi
			[ "$w" = linreg ] && run_torch linreg_script "$t"
		done
	done
done
if [ -n "${REPS_SAVED:-}" ]; then REPS=$REPS_SAVED; else
# For the record: PyTorch with OpenBLAS's own CPU detection, and with OpenMP's default spinning.
OMP_WAIT_POLICY=PASSIVE OPENBLAS_NUM_THREADS=2 OMP_NUM_THREADS=2 \
	$PY bench/torch_bench.py matmul32 --threads 2 --reps 5 --openblas-default-core |
	sed 's/"impl": "torch"/"impl": "torch-default-core"/' >>"$OUT" || true
case " $WORKLOADS " in *" mlp128 "*)
	env ${TORCH_CORE:+OPENBLAS_CORETYPE=$TORCH_CORE} OPENBLAS_NUM_THREADS=2 OMP_NUM_THREADS=2 \
		timeout 600 $PY bench/torch_bench.py mlp128 --threads 2 --reps 1 --omp-default-wait |
		sed 's/"impl": "torch"/"impl": "torch-omp-active"/' >>"$OUT" || true ;;
esac
fi

if [ "${BENCH_KERNEL:-1}" != 0 ] && [ -f main.go ]; then
	echo "bench: kernel"
	if $GO build -tags "$TAGS" -o "$BIN/gotape" . ; then
		if $GO version -m "$BIN/gotape" | grep -q 'gonum.org/v1/netlib'; then
			KERNEL_BLAS="OpenBLAS (tape/openblas linked)"
		else
			KERNEL_BLAS="pure-Go gonum (the gotape binary does not import tape/openblas)"
		fi
		# Stock yaegi v0.16.1 (module proxy) for the interpreter rows; a module of its own.
		STOCK=""
		if (cd bench/stockyaegi && $GO build -o ../out/stockyaegi .); then STOCK="$BIN/stockyaegi"
		else echo "bench: stock yaegi does not build; its column stays empty" >&2; fi
		$PY bench/kernel_bench.py --gotape "$BIN/gotape" --reps "$REPS" ${STOCK:+--stock-yaegi "$STOCK"} >>"$OUT" ||
			echo "bench: kernel benchmarks failed" >&2
	else
		echo "bench: the gotape binary does not build; kernel part skipped" >&2
	fi
fi

LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
$PY bench/report.py "$OUT" --blas "$BLAS_INFO" --torch-core "$TORCH_CORE" --kernel-blas "${KERNEL_BLAS:-}" \
	--load "load average at start: $LOAD_START, at end: $LOAD_END" >bench/RESULTS.md
echo "bench: wrote bench/RESULTS.md"
