//go:build amd64 && !purego

#include "textflag.h"

// func dotColumnsAVX2(dst, cols []float64, offsets []int, v []float64)
//
// dst[i] = Σₖ cols[offsets[k]+i]·v[k] for the first len(dst) rounded down to
// a multiple of four rows: each sum starts from its first product and adds
// the others in order of k, without fused multiply-adds, as dotColumnsGo
// does, so the results are bit for bit dotColumnsGo's. Sixteen rows at a
// time (four independent sums hide the adds' latency), then four.
TEXT ·dotColumnsAVX2(SB), NOSPLIT, $0-96
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ cols_base+24(FP), SI
	MOVQ offsets_base+48(FP), R10
	MOVQ v_base+72(FP), DX
	MOVQ v_len+80(FP), R9
	XORQ AX, AX // row
	TESTQ R9, R9
	JEQ  zero

rows16:
	LEAQ 16(AX), BX
	CMPQ BX, CX
	JGT  rows4
	LEAQ (SI)(AX*8), R8 // &cols[row]
	MOVQ (R10), R13
	LEAQ (R8)(R13*8), R11 // column 0 at the row
	VBROADCASTSD (DX), Y4
	VMULPD (R11), Y4, Y0
	VMULPD 32(R11), Y4, Y1
	VMULPD 64(R11), Y4, Y2
	VMULPD 96(R11), Y4, Y3
	MOVQ $1, R12 // column

column16:
	CMPQ R12, R9
	JGE  store16
	MOVQ (R10)(R12*8), R13
	LEAQ (R8)(R13*8), R11 // column k at the row
	VBROADCASTSD (DX)(R12*8), Y4
	VMULPD (R11), Y4, Y5
	VMULPD 32(R11), Y4, Y6
	VMULPD 64(R11), Y4, Y7
	VMULPD 96(R11), Y4, Y8
	VADDPD Y5, Y0, Y0
	VADDPD Y6, Y1, Y1
	VADDPD Y7, Y2, Y2
	VADDPD Y8, Y3, Y3
	INCQ R12
	JMP  column16

store16:
	VMOVUPD Y0, (DI)(AX*8)
	VMOVUPD Y1, 32(DI)(AX*8)
	VMOVUPD Y2, 64(DI)(AX*8)
	VMOVUPD Y3, 96(DI)(AX*8)
	MOVQ BX, AX
	JMP  rows16

rows4:
	LEAQ 4(AX), BX
	CMPQ BX, CX
	JGT  done
	LEAQ (SI)(AX*8), R8
	MOVQ (R10), R13
	LEAQ (R8)(R13*8), R11
	VBROADCASTSD (DX), Y4
	VMULPD (R11), Y4, Y0
	MOVQ $1, R12

column4:
	CMPQ R12, R9
	JGE  store4
	MOVQ (R10)(R12*8), R13
	LEAQ (R8)(R13*8), R11
	VBROADCASTSD (DX)(R12*8), Y4
	VMULPD (R11), Y4, Y5
	VADDPD Y5, Y0, Y0
	INCQ R12
	JMP  column4

store4:
	VMOVUPD Y0, (DI)(AX*8)
	MOVQ BX, AX
	JMP  rows4

zero: // no columns: every sum is +0
	VXORPD Y0, Y0, Y0

zero4:
	LEAQ 4(AX), BX
	CMPQ BX, CX
	JGT  done
	VMOVUPD Y0, (DI)(AX*8)
	MOVQ BX, AX
	JMP  zero4

done:
	VZEROUPPER
	RET
