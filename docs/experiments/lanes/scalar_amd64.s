#include "textflag.h"

// func growAsm(units, gross, flows, rf, ret, excess, values []float64, assets []int, n int, fee float64, value, fos *float64) (start float64, i int)
TEXT ·growAsm(SB), NOSPLIT, $0-240
	MOVQ units_base+0(FP), SI
	MOVQ gross_base+24(FP), DI
	MOVQ flows_base+48(FP), R10
	MOVQ flows_len+56(FP), CX
	MOVQ rf_base+72(FP), R11
	MOVQ ret_base+96(FP), R12
	MOVQ excess_base+120(FP), R13
	MOVQ values_base+144(FP), R15
	MOVQ assets_base+168(FP), R8
	MOVQ assets_len+176(FP), R9
	MOVQ n+192(FP), DX
	SHLQ $3, DX
	MOVSD fee+200(FP), X2
	MOVQ value+208(FP), AX
	MOVSD (AX), X0
	MOVQ fos+216(FP), AX
	MOVSD (AX), X1
	MOVQ $0x3ff0000000000000, AX
	MOVQ AX, X3
	XORQ R14, R14 // i
	XORPS X8, X8

step:
	CMPQ R14, CX
	JGE done
	MOVSD X0, X5
	ADDSD (R10)(R14*8), X5 // start
	UCOMISD X8, X5
	JBE out
	MOVSD X5, X6
	MULSD X1, X6 // scale
	XORPS X4, X4
	XORQ BX, BX
pos:
	CMPQ BX, R9
	JGE posdone
	MOVQ (R8)(BX*8), AX
	MOVSD (SI)(BX*8), X7
	MULSD (DI)(AX*8), X7
	MOVSD X7, (SI)(BX*8)
	ADDSD X7, X4
	INCQ BX
	JMP pos
posdone:
	MOVSD X6, X0
	MULSD X4, X0 // value
	MOVSD X4, X5
	MULSD X1, X5
	SUBSD X3, X5 // r
	MOVSD X2, X1
	DIVSD X4, X1 // fos
	MOVSD X5, (R12)(R14*8)
	SUBSD (R11)(R14*8), X5
	MOVSD X5, (R13)(R14*8)
	MOVSD X0, (R15)(R14*8)
	ADDQ DX, DI
	INCQ R14
	JMP step
out:
	MOVSD X5, start+224(FP)
	MOVQ R14, i+232(FP)
	RET
done:
	MOVQ value+208(FP), AX
	MOVSD X0, (AX)
	MOVQ fos+216(FP), AX
	MOVSD X1, (AX)
	MOVSD X0, start+224(FP)
	MOVQ R14, i+232(FP)
	RET
