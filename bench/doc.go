// Package bench holds gotape's benchmark workloads, the same ones bench/torch_bench.py runs in
// PyTorch: scalar op forward+backward, the seed linear regression, an MLP epoch, 1024² matmul,
// a Jacobian and a Hessian, and the seed CNN training step. bench/run.sh (`make bench`) runs
// them side by side and writes bench/RESULTS.md; `go test -bench . ./bench` runs them as Go
// benchmarks. Plain `go test` only runs small smoke tests.
//
// It measures; it does not tune anything (see tape/openblas for the BLAS path).
package bench
