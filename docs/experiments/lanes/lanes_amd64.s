#include "textflag.h"

// func growLanes(units, gross, flows, rf, out []float64, assets []int, n int, fee, value *[4]float64, fos *[4]float64)
TEXT ·growLanes(SB), NOSPLIT, $0-176
	MOVQ units_base+0(FP), SI
	MOVQ gross_base+24(FP), DI
	MOVQ flows_base+48(FP), R10
	MOVQ flows_len+56(FP), CX
	SHRQ $2, CX // steps
	MOVQ rf_base+72(FP), R11
	MOVQ out_base+96(FP), R12
	MOVQ assets_base+120(FP), R8
	MOVQ assets_len+128(FP), R9
	MOVQ n+144(FP), DX
	SHLQ $5, DX
	MOVQ fee+152(FP), AX
	VMOVUPD (AX), Y2
	MOVQ value+160(FP), AX
	VMOVUPD (AX), Y0
	MOVQ fos+168(FP), AX
	VMOVUPD (AX), Y1
	MOVQ $0x3ff0000000000000, AX
	MOVQ AX, X3
	VBROADCASTSD X3, Y3

step:
	TESTQ CX, CX
	JE done
	VADDPD (R10), Y0, Y5 // start
	VMULPD Y1, Y5, Y6    // scale
	VXORPD Y4, Y4, Y4
	XORQ BX, BX
pos:
	CMPQ BX, R9
	JGE posdone
	MOVQ (R8)(BX*8), AX
	SHLQ $5, AX
	MOVQ BX, R13
	SHLQ $5, R13
	VMOVUPD (SI)(R13*1), Y7
	VMULPD (DI)(AX*1), Y7, Y7
	VMOVUPD Y7, (SI)(R13*1)
	VADDPD Y7, Y4, Y4
	INCQ BX
	JMP pos
posdone:
	VMULPD Y4, Y6, Y0    // value
	VMULPD Y1, Y4, Y5
	VSUBPD Y3, Y5, Y5    // r
	VDIVPD Y4, Y2, Y1    // fos = fee/s
	VMOVUPD Y5, (R12)
	VSUBPD (R11), Y5, Y5
	VMOVUPD Y5, 32(R12)
	VMOVUPD Y0, 64(R12)
	ADDQ DX, DI
	ADDQ $32, R10
	ADDQ $32, R11
	ADDQ $96, R12
	DECQ CX
	JMP step
done:
	MOVQ value+160(FP), AX
	VMOVUPD Y0, (AX)
	MOVQ fos+168(FP), AX
	VMOVUPD Y1, (AX)
	VZEROUPPER
	RET
