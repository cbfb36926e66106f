#include "textflag.h"

// func adamSSE(dst, xs, gs, ms, vs *float32, n int, alpha, c1, c2, eps float32)
// Four float32 lanes of adamLoop per iteration; n is a multiple of 4. Every packed operation
// is the IEEE single-precision operation of the scalar loop, in the same order, so the results
// are bit-identical (SSE has no fused multiply-add; SQRTPS is correctly rounded).
TEXT ·adamSSE(SB), NOSPLIT, $0-64
	MOVQ  dst+0(FP), DI
	MOVQ  xs+8(FP), SI
	MOVQ  gs+16(FP), DX
	MOVQ  ms+24(FP), R8
	MOVQ  vs+32(FP), R9
	MOVQ  n+40(FP), CX
	MOVSS alpha+48(FP), X10
	SHUFPS $0, X10, X10
	MOVSS c1+52(FP), X11
	SHUFPS $0, X11, X11
	MOVSS c2+56(FP), X12
	SHUFPS $0, X12, X12
	MOVSS eps+60(FP), X13
	SHUFPS $0, X13, X13
	SHLQ  $2, CX
	XORQ  AX, AX

loop:
	CMPQ AX, CX
	JGE  done
	MOVUPS (DX)(AX*1), X0 // g
	MOVUPS (R8)(AX*1), X1 // m
	MOVUPS (R9)(AX*1), X2 // v

	// m ← m + (g − m)·c1
	MOVAPS X0, X3
	SUBPS  X1, X3
	MULPS  X11, X3
	ADDPS  X3, X1

	// v ← v + (g·g − v)·c2
	MOVAPS X0, X4
	MULPS  X0, X4
	SUBPS  X2, X4
	MULPS  X12, X4
	ADDPS  X4, X2

	MOVUPS X1, (R8)(AX*1)
	MOVUPS X2, (R9)(AX*1)

	// dst ← x − (m·α)/(√v + ε)
	SQRTPS X2, X5
	ADDPS  X13, X5
	MOVAPS X1, X6
	MULPS  X10, X6
	DIVPS  X5, X6
	MOVUPS (SI)(AX*1), X7
	SUBPS  X6, X7
	MOVUPS X7, (DI)(AX*1)

	ADDQ $16, AX
	JMP  loop

done:
	RET

// func adamAVX(dst, xs, gs, ms, vs *float32, n int, alpha, c1, c2, eps float32)
// adamSSE with eight lanes (AVX); n is a multiple of 8. VEX encodings have no fused
// multiply-add either, so the results are the same bits. A deliberate twin of adamSSE (the
// machine picks one at start, see hasAVX): a change to one loop goes into the other.
TEXT ·adamAVX(SB), NOSPLIT, $0-64
	MOVQ  dst+0(FP), DI
	MOVQ  xs+8(FP), SI
	MOVQ  gs+16(FP), DX
	MOVQ  ms+24(FP), R8
	MOVQ  vs+32(FP), R9
	MOVQ  n+40(FP), CX
	VBROADCASTSS alpha+48(FP), Y10
	VBROADCASTSS c1+52(FP), Y11
	VBROADCASTSS c2+56(FP), Y12
	VBROADCASTSS eps+60(FP), Y13
	SHLQ  $2, CX
	XORQ  AX, AX

avxloop:
	CMPQ AX, CX
	JGE  avxdone
	VMOVUPS (DX)(AX*1), Y0 // g
	VMOVUPS (R8)(AX*1), Y1 // m
	VMOVUPS (R9)(AX*1), Y2 // v

	// m ← m + (g − m)·c1
	VSUBPS Y1, Y0, Y3
	VMULPS Y11, Y3, Y3
	VADDPS Y3, Y1, Y1

	// v ← v + (g·g − v)·c2
	VMULPS Y0, Y0, Y4
	VSUBPS Y2, Y4, Y4
	VMULPS Y12, Y4, Y4
	VADDPS Y4, Y2, Y2

	VMOVUPS Y1, (R8)(AX*1)
	VMOVUPS Y2, (R9)(AX*1)

	// dst ← x − (m·α)/(√v + ε)
	VSQRTPS Y2, Y5
	VADDPS  Y13, Y5, Y5
	VMULPS  Y10, Y1, Y6
	VDIVPS  Y5, Y6, Y6
	VMOVUPS (SI)(AX*1), Y7
	VSUBPS  Y6, Y7, Y7
	VMOVUPS Y7, (DI)(AX*1)

	ADDQ $32, AX
	JMP  avxloop

avxdone:
	VZEROUPPER
	RET

// func hasAVX() bool: CPUID reports AVX and OSXSAVE, and the OS saves the YMM registers.
TEXT ·hasAVX(SB), NOSPLIT, $0-1
	MOVL $1, AX
	XORL CX, CX
	CPUID
	MOVL CX, R8
	ANDL $0x18000000, R8 // OSXSAVE (bit 27) | AVX (bit 28)
	CMPL R8, $0x18000000
	JNE  no
	XORL CX, CX
	XGETBV
	ANDL $6, AX // XMM and YMM state
	CMPL AX, $6
	JNE  no
	MOVB $1, ret+0(FP)
	RET
no:
	MOVB $0, ret+0(FP)
	RET
