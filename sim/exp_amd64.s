//go:build amd64 && !purego

#include "textflag.h"

// func expVectorAVX2(xs []float64, c *[12]float64) int
//
// expScalar's steps on four values at a time, in the same order, without
// fused multiply-adds: the results are bit for bit expScalar's.
TEXT ·expVectorAVX2(SB), NOSPLIT, $0-40
	MOVQ xs_base+0(FP), SI
	MOVQ xs_len+8(FP), CX
	MOVQ c+24(FP), DX
	LEAQ ·expTable(SB), R8
	VBROADCASTSD 0(DX), Y15  // 128/ln 2
	VBROADCASTSD 8(DX), Y14  // shifter
	VBROADCASTSD 16(DX), Y13 // expStepHi
	VBROADCASTSD 24(DX), Y12 // expStepLo
	VBROADCASTSD 32(DX), Y11 // 1/120
	VBROADCASTSD 40(DX), Y10 // 1/24
	VBROADCASTSD 48(DX), Y9  // 1/6
	VBROADCASTSD 56(DX), Y8  // 1/2
	VBROADCASTSD 64(DX), Y7  // expLimit
	VBROADCASTSD 72(DX), Y6  // |x| mask
	VBROADCASTSD 80(DX), Y5  // 127
	VBROADCASTSD 88(DX), Y4  // 1023
	XORQ AX, AX

loop:
	LEAQ 4(AX), BX
	CMPQ BX, CX
	JGT  done
	VMOVUPD (SI)(AX*8), Y0     // x
	VANDPD  Y6, Y0, Y1         // |x|
	VCMPPD  $0x11, Y7, Y1, Y1  // |x| < expLimit, false for NaN
	VMOVMSKPD Y1, BX
	CMPQ    BX, $15
	JNE     done

	VMULPD Y15, Y0, Y1 // kd = x·128/ln 2 + shifter; its bits are ki
	VADDPD Y14, Y1, Y1
	VSUBPD Y14, Y1, Y2 // kd − shifter
	VMULPD Y13, Y2, Y3 // r = x − kd·hi − kd·lo
	VSUBPD Y3, Y0, Y3
	VMULPD Y12, Y2, Y2
	VSUBPD Y2, Y3, Y3

	VMULPD Y11, Y3, Y2 // p = r + r·r·(1/2 + r·(1/6 + r·(1/24 + r/120)))
	VADDPD Y10, Y2, Y2
	VMULPD Y3, Y2, Y2
	VADDPD Y9, Y2, Y2
	VMULPD Y3, Y2, Y2
	VADDPD Y8, Y2, Y2
	VMULPD Y3, Y3, Y0
	VMULPD Y2, Y0, Y2
	VADDPD Y2, Y3, Y2

	VPAND   Y5, Y1, Y3     // j = ki mod 128; its pair (hi, lo) is 16 bytes at 16j
	VPSLLQ  $4, Y3, Y3
	VMOVQ   X3, R9
	VPEXTRQ $1, X3, R10
	VEXTRACTI128 $1, Y3, X3
	VMOVQ   X3, R11
	VPEXTRQ $1, X3, R12
	VMOVUPD (R8)(R9*1), X12  // hi₀ lo₀
	VMOVUPD (R8)(R10*1), X13 // hi₁ lo₁
	VINSERTF128 $1, (R8)(R11*1), Y12, Y12 // hi₀ lo₀ hi₂ lo₂
	VINSERTF128 $1, (R8)(R12*1), Y13, Y13 // hi₁ lo₁ hi₃ lo₃
	VUNPCKHPD Y13, Y12, Y3 // lo
	VUNPCKLPD Y13, Y12, Y12 // hi
	VMOVAPD   Y3, Y13

	VPSRLQ $7, Y1, Y1      // 2^k: (ki >> 7 + 1023) << 52
	VPADDQ Y4, Y1, Y1
	VPSLLQ $52, Y1, Y1

	VMULPD Y2, Y12, Y0     // (hi + (hi·p + lo)) · 2^k
	VADDPD Y13, Y0, Y0
	VADDPD Y0, Y12, Y0
	VMULPD Y1, Y0, Y0
	VMOVUPD Y0, (SI)(AX*8)

	VBROADCASTSD 16(DX), Y13 // the table lookup used these
	VBROADCASTSD 24(DX), Y12
	ADDQ $4, AX
	JMP  loop

done:
	VZEROUPPER
	MOVQ AX, ret+32(FP)
	RET
