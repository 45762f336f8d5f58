//go:build amd64 && !purego

#include "textflag.h"

// func shiftedMomentsAVX(a, b []float64, ca, cx float64, sums *[5]float64)
//
// shiftedMomentsGo with each pair of sums in the two lanes of a register: X0 is
// (sums[0], sums[1]), X1 (sums[2], sums[3]), X2's low lane sums[4]. The
// same operations in the same order, without fused multiply-adds, so the
// results are bit for bit shiftedMomentsGo's. len(b) = len(a).
//
// The steps go two a turn, with the loop's test at the bottom: a turn
// loads two steps' a and b at once and takes their x, |x| and x − |x| in
// both lanes, then adds step i's terms to each sum before step i+1's, so
// that each sum still takes its terms one at a time in order of i. An odd
// last step goes alone.
TEXT ·shiftedMomentsAVX(SB), NOSPLIT, $0-72
	MOVQ a_base+0(FP), SI
	MOVQ a_len+8(FP), CX
	MOVQ b_base+24(FP), DI
	MOVQ sums+64(FP), DX
	VMOVSD  ca+48(FP), X10
	VMOVHPD cx+56(FP), X10, X10 // (ca, cx)
	MOVQ    $0x7fffffffffffffff, AX
	VMOVQ   AX, X11
	VMOVDDUP X11, X11           // |x| mask, in both lanes
	VMOVUPD 0(DX), X0
	VMOVUPD 16(DX), X1
	VMOVSD  32(DX), X2
	XORQ    AX, AX
	MOVQ    CX, BX
	ANDQ    $-2, BX // the steps taken in pairs
	JZ      last

pair:
	VMOVUPD   (SI)(AX*8), X5        // (a_i, a_i+1)
	VSUBPD    (DI)(AX*8), X5, X6    // (x_i, x_i+1)
	VUNPCKLPD X6, X5, X7            // (a_i, x_i)
	VUNPCKHPD X6, X5, X9            // (a_i+1, x_i+1)
	VSUBPD    X10, X7, X7           // (a − ca, x − cx) of step i
	VSUBPD    X10, X9, X9           // and of step i+1
	VADDPD    X7, X0, X0
	VADDPD    X9, X0, X0
	VMULPD    X7, X7, X7
	VMULPD    X9, X9, X9
	VADDPD    X7, X1, X1
	VADDPD    X9, X1, X1
	VANDPD    X11, X6, X8           // |x|
	VSUBPD    X8, X6, X8            // x − |x|
	VMULPD    X8, X8, X8
	VADDSD    X8, X2, X2            // step i's square
	VUNPCKHPD X8, X8, X8
	VADDSD    X8, X2, X2            // step i+1's
	ADDQ      $2, AX
	CMPQ      AX, BX
	JLT       pair

last:
	CMPQ AX, CX
	JGE  done
	VMOVSD    (SI)(AX*8), X5
	VSUBSD    (DI)(AX*8), X5, X6 // x
	VUNPCKLPD X6, X5, X7         // (a, x)
	VSUBPD    X10, X7, X7        // (a − ca, x − cx)
	VADDPD    X7, X0, X0
	VMULPD    X7, X7, X7
	VADDPD    X7, X1, X1
	VANDPD    X11, X6, X8        // |x|
	VSUBSD    X8, X6, X8         // x − |x|
	VMULSD    X8, X8, X8
	VADDSD    X8, X2, X2

done:
	VMOVUPD X0, 0(DX)
	VMOVUPD X1, 16(DX)
	VMOVSD  X2, 32(DX)
	RET
