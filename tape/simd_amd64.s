#include "textflag.h"

// Four-lane SSE kernels of the convolutions' element loops (SSE2 is always present on
// amd64). Each packed operation is the IEEE single-precision operation of the Go loop it
// replaces (simd_other.go), so results are bit-identical (up to the sign of a zero ReLU
// output, see biasReluF32).

DATA iota4<>+0(SB)/4, $0
DATA iota4<>+4(SB)/4, $1
DATA iota4<>+8(SB)/4, $2
DATA iota4<>+12(SB)/4, $3
GLOBL iota4<>(SB), RODATA|NOPTR, $16

// func biasReluF32(o, b *float32, rows, f int)
// o[r*f+j] = max(o[r*f+j]+b[j], 0) for r < rows, j < f; f is a positive multiple of 4.
// MAXPS with 0 as its destination returns its source when that is NaN, so NaN propagates
// as with Go's max; a sum of −0 stays −0 (Go's max gives +0).
TEXT ·biasReluF32(SB), NOSPLIT, $0-32
	MOVQ o+0(FP), DI
	MOVQ b+8(FP), SI
	MOVQ rows+16(FP), DX
	MOVQ f+24(FP), R8
	SHLQ $2, R8

brRow:
	CMPQ DX, $0
	JLE  brDone
	XORQ AX, AX

brCol:
	MOVUPS (DI)(AX*1), X0
	MOVUPS (SI)(AX*1), X1
	ADDPS  X1, X0
	XORPS  X2, X2
	MAXPS  X0, X2
	MOVUPS X2, (DI)(AX*1)
	ADDQ   $16, AX
	CMPQ   AX, R8
	JLT    brCol
	ADDQ   R8, DI
	DECQ   DX
	JMP    brRow

brDone:
	RET

// func reluMaskSumF32(gr, o, d, acc *float32, rows, f int)
// d = g where o > 0, else 0 (rows of f values), and acc[j] += d[r*f+j] when acc is not nil;
// f is a positive multiple of 4.
TEXT ·reluMaskSumF32(SB), NOSPLIT, $0-48
	MOVQ gr+0(FP), SI
	MOVQ o+8(FP), BX
	MOVQ d+16(FP), DI
	MOVQ acc+24(FP), R9
	MOVQ rows+32(FP), DX
	MOVQ f+40(FP), R8
	SHLQ $2, R8

rmRow:
	CMPQ DX, $0
	JLE  rmDone
	XORQ AX, AX

rmCol:
	MOVUPS (BX)(AX*1), X1
	XORPS  X2, X2
	CMPPS  X1, X2, $1 // X2 = 0 < o (false for NaN)
	MOVUPS (SI)(AX*1), X0
	ANDPS  X2, X0
	MOVUPS X0, (DI)(AX*1)
	TESTQ  R9, R9
	JZ     rmNext
	MOVUPS (R9)(AX*1), X3
	ADDPS  X0, X3
	MOVUPS X3, (R9)(AX*1)

rmNext:
	ADDQ $16, AX
	CMPQ AX, R8
	JLT  rmCol
	ADDQ R8, SI
	ADDQ R8, BX
	ADDQ R8, DI
	DECQ DX
	JMP  rmRow

rmDone:
	RET

// func poolStepF32(v, best *float32, ai *int32, j, n int)
// Where v[c] > best[c]: best[c] = v[c], ai[c] = j+c (c < n, a positive multiple of 4). A
// NaN never wins (the comparison is false).
TEXT ·poolStepF32(SB), NOSPLIT, $0-40
	MOVQ   v+0(FP), SI
	MOVQ   best+8(FP), DI
	MOVQ   ai+16(FP), BX
	MOVQ   j+24(FP), AX
	MOVQ   n+32(FP), CX
	SHLQ   $2, CX
	MOVL   AX, X6
	PSHUFD $0, X6, X6
	MOVOU  iota4<>(SB), X7
	PADDL  X7, X6 // j, j+1, j+2, j+3
	MOVL   $4, AX
	MOVL   AX, X7
	PSHUFD $0, X7, X7 // 4 in every lane
	XORQ   AX, AX

psLoop:
	MOVUPS (SI)(AX*1), X0 // v
	MOVUPS (DI)(AX*1), X1 // best
	MOVUPS X1, X2
	CMPPS  X0, X2, $1     // X2 = best < v
	ANDPS  X2, X0
	MOVUPS X2, X3
	ANDNPS X1, X3
	ORPS   X3, X0
	MOVUPS X0, (DI)(AX*1)
	MOVOU  (BX)(AX*1), X4 // ai
	MOVOU  X6, X5
	PAND   X2, X5
	PANDN  X4, X2
	POR    X2, X5
	MOVOU  X5, (BX)(AX*1)
	PADDL  X7, X6
	ADDQ   $16, AX
	CMPQ   AX, CX
	JLT    psLoop
	RET

// func blocksF32(dst, src *float32, count, width, dstStride, srcStride int, add bool)
// For i < count and j < width (a positive multiple of 4): dst[i*dstStride+j] =
// src[i*srcStride+j], or += when add.
TEXT ·blocksF32(SB), NOSPLIT, $0-49
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ count+16(FP), DX
	MOVQ width+24(FP), CX
	MOVQ dstStride+32(FP), R8
	MOVQ srcStride+40(FP), R9
	MOVB add+48(FP), R10
	SHLQ $2, CX
	SHLQ $2, R8
	SHLQ $2, R9

bBlock:
	CMPQ DX, $0
	JLE  bDone
	XORQ AX, AX

b16:
	LEAQ   64(AX), BX
	CMPQ   BX, CX
	JGT    b4
	MOVUPS (SI)(AX*1), X4
	MOVUPS 16(SI)(AX*1), X5
	MOVUPS 32(SI)(AX*1), X6
	MOVUPS 48(SI)(AX*1), X7
	TESTB  R10, R10
	JZ     b16store
	MOVUPS (DI)(AX*1), X0
	MOVUPS 16(DI)(AX*1), X1
	MOVUPS 32(DI)(AX*1), X2
	MOVUPS 48(DI)(AX*1), X3
	ADDPS  X0, X4
	ADDPS  X1, X5
	ADDPS  X2, X6
	ADDPS  X3, X7

b16store:
	MOVUPS X4, (DI)(AX*1)
	MOVUPS X5, 16(DI)(AX*1)
	MOVUPS X6, 32(DI)(AX*1)
	MOVUPS X7, 48(DI)(AX*1)
	MOVQ   BX, AX
	JMP    b16

b4:
	CMPQ   AX, CX
	JGE    bNext
	MOVUPS (SI)(AX*1), X4
	TESTB  R10, R10
	JZ     b4store
	MOVUPS (DI)(AX*1), X0
	ADDPS  X0, X4

b4store:
	MOVUPS X4, (DI)(AX*1)
	ADDQ   $16, AX
	JMP    b4

bNext:
	ADDQ R8, DI
	ADDQ R9, SI
	DECQ DX
	JMP  bBlock

bDone:
	RET
