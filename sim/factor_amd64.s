//go:build amd64 && !purego

#include "textflag.h"

// func factorVectorAVX2(x, z, fc []float64, blockCols []int)
//
// For each block of four rows, an accumulator starts at +0 and adds
// F[i][k]·z[k] for k in order, as factorVectorGo does for each row, without
// fused multiply-adds: the results are bit for bit factorVectorGo's.
TEXT ·factorVectorAVX2(SB), NOSPLIT, $0-96
	MOVQ x_base+0(FP), DI
	MOVQ x_len+8(FP), R10
	SHLQ $3, R10 // a column's length in bytes
	MOVQ z_base+24(FP), SI
	MOVQ fc_base+48(FP), DX
	MOVQ blockCols_base+72(FP), R8
	MOVQ blockCols_len+80(FP), R9
	XORQ BX, BX // block

block:
	CMPQ BX, R9
	JGE  done
	MOVQ (R8)(BX*8), CX // columns
	MOVQ BX, AX
	SHLQ $5, AX // the block's offset in a column, in bytes
	LEAQ (DX)(AX*1), R11
	VXORPD Y0, Y0, Y0
	XORQ R12, R12 // column

column:
	CMPQ R12, CX
	JGE  store
	VBROADCASTSD (SI)(R12*8), Y1
	VMULPD (R11), Y1, Y1
	VADDPD Y1, Y0, Y0
	ADDQ R10, R11
	INCQ R12
	JMP  column

store:
	VMOVUPD Y0, (DI)(AX*1)
	INCQ BX
	JMP  block

done:
	VZEROUPPER
	RET
