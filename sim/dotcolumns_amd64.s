//go:build amd64 && !purego

#include "go_asm.h"
#include "textflag.h"

// func dotColumnsAVX2(c *columnSums, first, n int)
//
// dotColumnsGo sixteen values of every row at a time, for the n values from
// first on (n a multiple of sixteen): the running sum over the columns starts
// from the first product and adds the others in order, without fused
// multiply-adds, and is stored in row j (dst + j·stride) when the column
// count reaches ends[j]. The caller guarantees ends[0] ≥ 1, ends in
// increasing order and ends[len(ends)−1] ≤ len(v). Four independent sums
// of four values hide the adds' latency.
TEXT ·dotColumnsAVX2(SB), NOSPLIT, $0-24
	MOVQ c+0(FP), R8
	MOVQ first+8(FP), AX // the first of the values
	MOVQ n+16(FP), CX
	ADDQ AX, CX          // past the last of the values
	MOVQ columnSums_dst(R8), DI
	MOVQ columnSums_stride(R8), BX
	SHLQ $3, BX // a row's stride in bytes
	MOVQ columnSums_ends(R8), R14
	MOVQ columnSums_ends+8(R8), R15
	MOVQ columnSums_cols(R8), SI
	MOVQ columnSums_offsets(R8), R10
	MOVQ columnSums_v(R8), DX

values16:
	LEAQ 16(AX), R11
	CMPQ R11, CX
	JGT  done
	LEAQ (SI)(AX*8), R8  // &cols[i]
	LEAQ (DI)(AX*8), R13 // &dst[i] in row 0
	MOVQ (R10), R11
	VBROADCASTSD (DX), Y4
	VMULPD (R8)(R11*8), Y4, Y0
	VMULPD 32(R8)(R11*8), Y4, Y1
	VMULPD 64(R8)(R11*8), Y4, Y2
	VMULPD 96(R8)(R11*8), Y4, Y3
	MOVQ $1, R12 // columns summed
	XORQ R9, R9  // row
	JMP  ends16

column16:
	MOVQ (R10)(R12*8), R11
	VBROADCASTSD (DX)(R12*8), Y4
	VMULPD (R8)(R11*8), Y4, Y5
	VMULPD 32(R8)(R11*8), Y4, Y6
	VMULPD 64(R8)(R11*8), Y4, Y7
	VMULPD 96(R8)(R11*8), Y4, Y8
	VADDPD Y5, Y0, Y0
	VADDPD Y6, Y1, Y1
	VADDPD Y7, Y2, Y2
	VADDPD Y8, Y3, Y3
	INCQ R12

ends16:
	CMPQ R12, (R14)(R9*8)
	JNE  column16
	VMOVUPD Y0, (R13) // row R9 ends here
	VMOVUPD Y1, 32(R13)
	VMOVUPD Y2, 64(R13)
	VMOVUPD Y3, 96(R13)
	ADDQ BX, R13
	INCQ R9
	CMPQ R9, R15
	JLT  ends16
	ADDQ $16, AX // every row stored
	JMP  values16

done:
	VZEROUPPER
	RET
