//go:build amd64 && !purego

#include "textflag.h"

// laneKernel's offsets (TestLaneKernelLayout checks them).
#define K_UNITS 0
#define K_GROSS 8
#define K_FLOW 16
#define K_RF 24
#define K_ASSETS 32
#define K_NPOS 40
#define K_ROWBYTES 48
#define K_STEPS 56
#define K_EVERY 64
#define K_DUE 72
#define K_SLEEVEEND 80
#define K_NSLEEVES 88
#define K_TARGET 96
#define K_BANDS 104
#define K_FEE 112
#define K_VALUE 144
#define K_FOS 176
#define K_SCALE 208
#define K_ALIVE 240
#define K_DONE 272
#define K_STOP 280
#define K_MASK 288
#define K_LRET 296
#define K_LEXCESS 304
#define K_LVALUE 312
#define K_REBALANCE 320
#define K_WEIGHTS 328
#define K_COSTBPS 336
#define K_YEAROF 344
#define K_FIRST 352
#define K_TRADED 360
#define K_REBALANCES 392
#define K_TRADEDNOW 424
#define K_COSTNOW 456
#define K_EDGES 488
#define K_SLEEVES 496
#define K_HOLDING 504

// laneMeasure's offsets (TestLaneKernelLayout checks them too).
#define M_RET 0
#define M_EXCESS 8
#define M_VALUE 16
#define M_K 24
#define M_YEARS 32
#define M_YEARRETURN 40
#define M_YEARVALUE 48
#define M_GROWTH 56
#define M_DRAWDOWN 88
#define M_SUMR 120
#define M_SUMR2 152
#define M_SUMX 184
#define M_SUMX2 216
#define M_DOWN4 248
#define M_SHIFTX 280

// STORE writes Y7's four lanes into the series by lane at lanes(DI), byte
// R11.
#define STORE(lanes) \
	MOVQ lanes(DI), AX \
	VMOVUPD Y7, (AX)(R11*1)

// func growLanes(k *laneKernel)
//
// grow's step for four paths at once, one per lane, with the same
// operations in the same order (no fused multiply-adds), and at each
// rebalancing date OutOfBand's test for every lane. Figures of lanes no
// longer holding money are written as +0. It stops (K_STOP, a growStop)
// before a step at which a lane still holding money would start at or
// below 0 (ranOut), after a rebalancing date at which a lane is out of
// band (outOfBand) unless it rebalances them itself (K_REBALANCE, below),
// or after the last step (pathEnd); K_MASK has the lanes that stopped it
// and K_DONE the steps run.
//
// Registers: DI the kernel; SI the units; R8, R9, R10 the step's returns,
// flows and risk-free returns; R12, R13 the positions' assets (as byte
// offsets into a step's returns) and count;
// BX the steps run, R11 the same in bytes of a lane vector; CX the steps
// to run; DX the steps to the next rebalancing date. Y0 value, Y1 fee/S,
// Y2 fee, Y3 1, Y4 S, Y6 scale, Y8 the lanes holding money, Y9 0, Y10
// the |x| mask, Y14 the step's start value.
TEXT ·growLanes(SB), NOSPLIT, $0-8
	MOVQ k+0(FP), DI
	MOVQ K_UNITS(DI), SI
	MOVQ K_GROSS(DI), R8
	MOVQ K_FLOW(DI), R9
	MOVQ K_RF(DI), R10
	MOVQ K_ASSETS(DI), R12
	MOVQ K_NPOS(DI), R13
	MOVQ K_STEPS(DI), CX
	MOVQ K_DUE(DI), DX
	XORQ BX, BX // steps run
	XORQ R11, R11 // 32 · steps run
	VMOVUPD K_FEE(DI), Y2
	VMOVUPD K_VALUE(DI), Y0
	VMOVUPD K_FOS(DI), Y1
	VMOVUPD K_SCALE(DI), Y6
	VMOVUPD K_ALIVE(DI), Y8
	VXORPD Y9, Y9, Y9
	MOVQ $0x3ff0000000000000, AX
	MOVQ AX, X3
	VBROADCASTSD X3, Y3 // 1
	MOVQ $0x7fffffffffffffff, AX
	MOVQ AX, X10
	VBROADCASTSD X10, Y10 // |x| mask

step:
	CMPQ BX, CX
	JGE  pathend
	VADDPD (R9), Y0, Y5 // start = value + flow
	VMOVAPD Y5, Y14
	VCMPPD $2, Y9, Y5, Y7 // start <= 0
	VANDPD Y8, Y7, Y7
	VMOVMSKPD Y7, AX
	TESTQ AX, AX
	JNE   ranout
	VMULPD Y1, Y5, Y6 // scale = start · fee/S
	VXORPD Y4, Y4, Y4 // S
	XORQ   R14, R14 // position (a portfolio has at least one)
	XORQ   R15, R15 // 32 · position

position:
	MOVQ    (R12)(R14*8), AX // the asset's byte offset in a step's returns
	VMOVUPD (SI)(R15*1), Y7
	VMULPD  (R8)(AX*1), Y7, Y7 // u = units · gross
	VMOVUPD Y7, (SI)(R15*1)
	VADDPD  Y7, Y4, Y4 // S += u
	ADDQ    $32, R15
	INCQ    R14
	CMPQ    R14, R13
	JL      position
	VMULPD  Y4, Y6, Y0 // value = scale · S
	VMULPD  Y1, Y4, Y5
	VSUBPD  Y3, Y5, Y5 // r = S · fee/S' − 1
	VDIVPD  Y4, Y2, Y1 // fee/S
	VANDPD  Y8, Y5, Y7
	STORE(K_LRET)
	VSUBPD  (R10), Y5, Y7 // excess = r − rf
	VANDPD  Y8, Y7, Y7
	STORE(K_LEXCESS)
	VANDPD  Y8, Y0, Y7
	STORE(K_LVALUE)
	ADDQ    K_ROWBYTES(DI), R8
	ADDQ    $32, R9
	ADDQ    $32, R10
	ADDQ    $32, R11
	INCQ    BX
	DECQ    DX
	JNE     step
	MOVQ    K_EVERY(DI), DX // a rebalancing date
	MOVQ    K_BANDS(DI), AX
	TESTQ   AX, AX
	JNE     banded
	VMOVAPD Y8, Y12 // no bands: every date rebalances
	VMOVMSKPD Y12, AX
	TESTQ   AX, AX
	JNE     outofband
	JMP     step

banded:
	VCMPPD $0x1e, Y9, Y4, Y11 // lanes with S > 0 (and holding money) are tested
	VANDPD Y8, Y11, Y11
	VXORPD Y12, Y12, Y12 // lanes out of band
	XORQ   R15, R15 // sleeve
	XORQ   R14, R14 // 4 · position

sleeve:
	CMPQ R15, K_NSLEEVES(DI)
	JGE  checked
	MOVQ K_SLEEVEEND(DI), AX
	MOVQ (AX)(R15*8), AX
	SHLQ $2, AX
	VXORPD Y5, Y5, Y5 // the sleeve's value

sum:
	CMPQ   R14, AX
	JGE    summed
	VADDPD (SI)(R14*8), Y5, Y5
	ADDQ   $4, R14
	JMP    sum

summed:
	MOVQ K_TARGET(DI), AX
	VBROADCASTSD (AX)(R15*8), Y7
	VMULPD Y4, Y7, Y7 // target · S
	VSUBPD Y7, Y5, Y5
	VANDPD Y10, Y5, Y5 // |value − target · S|
	MOVQ K_BANDS(DI), AX
	VBROADCASTSD (AX)(R15*8), Y7
	VMULPD Y4, Y7, Y7 // band · S
	VCMPPD $0x1e, Y7, Y5, Y7 // |…| > band · S
	VORPD  Y7, Y12, Y12
	INCQ   R15
	JMP    sleeve

checked:
	VANDPD Y11, Y12, Y12
	VMOVMSKPD Y12, AX
	TESTQ  AX, AX
	JNE    outofband
	JMP    step

ranout:
	MOVQ $2, K_STOP(DI)
	MOVQ AX, K_MASK(DI)
	JMP  save

outofband: // Y12 and AX: the lanes out of band
	CMPQ K_REBALANCE(DI), $0
	JNE  rebalance
	MOVQ $0, K_STOP(DI)
	MOVQ AX, K_MASK(DI)
	JMP  save

// rebalance trades the lanes in Y12 as Layout.Rebalance, rebalanceLane and
// series.chargeCost do for one path when each position holds a different
// asset, with their operations in their order: positions P = units ·
// scale, total ΣP, the new weights w (K_WEIGHTS: the targets, or bandedge's
// for a band_edge policy), traded Σ|total · w − P|, cost traded · bps /
// 10000, new positions (total − cost) · w (only where total > 0), fee/ΣP
// for the next step, the cost taken out of the step's value and return,
// the value traded added to the lane's year, and one more rebalance
// counted.
rebalance:
	VXORPD Y4, Y4, Y4 // total
	XORQ   R14, R14
	XORQ   R15, R15

rtotal:
	CMPQ   R14, R13
	JGE    rtotaled
	VMULPD (SI)(R15*1), Y6, Y7 // P
	VADDPD Y7, Y4, Y4
	INCQ   R14
	ADDQ   $32, R15
	JMP    rtotal

rtotaled:
	CMPQ K_REBALANCE(DI), $2
	JNE  rweighted
	JMP  bandedge

rweighted:
	VXORPD Y5, Y5, Y5 // traded
	MOVQ   K_WEIGHTS(DI), AX
	XORQ   R14, R14
	XORQ   R15, R15

rtrade:
	CMPQ         R14, R13
	JGE          rtraded
	VMOVUPD      (AX)(R15*1), Y7 // w
	VMULPD       Y4, Y7, Y7 // total · w
	VMULPD       (SI)(R15*1), Y6, Y13 // P
	VSUBPD       Y13, Y7, Y7
	VANDPD       Y10, Y7, Y7
	VADDPD       Y7, Y5, Y5
	INCQ         R14
	ADDQ         $32, R15
	JMP          rtrade

rtraded:
	VBROADCASTSD K_COSTBPS(DI), Y7
	VMULPD       Y7, Y5, Y7
	MOVQ         $0x40c3880000000000, AX // 10000
	MOVQ         AX, X13
	VBROADCASTSD X13, Y13
	VDIVPD       Y13, Y7, Y7 // cost
	VCMPPD       $0x1e, Y9, Y4, Y11 // total > 0
	VANDPD       Y12, Y11, Y11 // lanes that trade
	VANDPD       Y11, Y5, Y5 // 0 traded and 0 cost elsewhere
	VANDPD       Y11, Y7, Y7
	VMOVUPD      Y5, K_TRADEDNOW(DI)
	VMOVUPD      Y7, K_COSTNOW(DI)
	VSUBPD       Y7, Y4, Y13 // after = total − cost
	VXORPD       Y4, Y4, Y4 // the new positions' sum
	MOVQ         K_WEIGHTS(DI), AX
	XORQ         R14, R14
	XORQ         R15, R15

rnew:
	CMPQ         R14, R13
	JGE          rnewed
	VMOVUPD      (AX)(R15*1), Y7 // w
	VMULPD       Y7, Y13, Y7 // after · w
	VMOVUPD      (SI)(R15*1), Y5 // units
	VMULPD       Y5, Y6, Y15 // P
	VBLENDVPD    Y11, Y7, Y15, Y7 // the lane's positions after rebalancing
	VADDPD       Y7, Y4, Y4
	VBLENDVPD    Y12, Y7, Y5, Y5
	VMOVUPD      Y5, (SI)(R15*1)
	INCQ         R14
	ADDQ         $32, R15
	JMP          rnew

rnewed:
	VDIVPD    Y4, Y2, Y7 // fee/ΣP
	VBLENDVPD Y12, Y7, Y1, Y1
	VMOVUPD   K_COSTNOW(DI), Y7
	VCMPPD    $4, Y9, Y7, Y15 // cost ≠ 0
	VANDPD    Y11, Y15, Y15 // lanes charged
	VMOVMSKPD Y15, AX
	TESTQ     AX, AX
	JE        rcharged
	VSUBPD    Y7, Y0, Y5 // value − cost
	VDIVPD    Y14, Y5, Y4
	VSUBPD    Y3, Y4, Y4 // r = (value − cost)/start − 1
	VBLENDVPD Y15, Y5, Y0, Y0
	SUBQ      $32, R11 // back to the step's figures
	MOVQ      K_LRET(DI), AX
	VMOVUPD   (AX)(R11*1), Y7
	VBLENDVPD Y15, Y4, Y7, Y7
	STORE(K_LRET)
	VSUBPD    -32(R10), Y4, Y4 // excess = r − rf
	MOVQ      K_LEXCESS(DI), AX
	VMOVUPD   (AX)(R11*1), Y7
	VBLENDVPD Y15, Y4, Y7, Y7
	STORE(K_LEXCESS)
	VANDPD    Y8, Y0, Y7
	STORE(K_LVALUE)
	ADDQ      $32, R11

rcharged:
	MOVQ    K_FIRST(DI), AX
	ADDQ    BX, AX
	MOVQ    K_YEAROF(DI), R14
	MOVQ    -8(R14)(AX*8), R14 // the year of step first + BX − 1
	MOVQ    K_TRADED(DI), AX
	VMOVSD  (AX)(R14*8), X7
	VADDSD  K_TRADEDNOW(DI), X7, X7
	VMOVSD  X7, (AX)(R14*8)
	MOVQ    K_TRADED+8(DI), AX
	VMOVSD  (AX)(R14*8), X7
	VADDSD  K_TRADEDNOW+8(DI), X7, X7
	VMOVSD  X7, (AX)(R14*8)
	MOVQ    K_TRADED+16(DI), AX
	VMOVSD  (AX)(R14*8), X7
	VADDSD  K_TRADEDNOW+16(DI), X7, X7
	VMOVSD  X7, (AX)(R14*8)
	MOVQ    K_TRADED+24(DI), AX
	VMOVSD  (AX)(R14*8), X7
	VADDSD  K_TRADEDNOW+24(DI), X7, X7
	VMOVSD  X7, (AX)(R14*8)
	VMOVDQU K_REBALANCES(DI), Y7
	VPSUBQ  Y12, Y7, Y7 // lanes rebalanced count one more
	VMOVDQU Y7, K_REBALANCES(DI)
	JMP     step

pathend:
	MOVQ $1, K_STOP(DI)
	MOVQ $0, K_MASK(DI)

save:
	MOVQ    BX, K_DONE(DI)
	MOVQ    DX, K_DUE(DI)
	VMOVUPD Y0, K_VALUE(DI)
	VMOVUPD Y1, K_FOS(DI)
	VMOVUPD Y6, K_SCALE(DI)
	VZEROUPPER
	RET

// bandedge computes band_edge weights for every lane into K_WEIGHTS as
// Layout.bandEdgeWeights and Rebalance do, then goes on to trade
// (rweighted). Each sleeve k has 224 bytes of lane vectors at K_EDGES:
// Above, Below, High, Low, its target, −1 and the targets' sum; and 64
// bytes of scratch at K_SLEEVES: its value and its new weight. Y4 is the
// total; Y3, Y9 and R12 are restored before going on.
bandedge:
	VXORPD Y5, Y5, Y5 // freed
	VXORPD Y11, Y11, Y11 // the in-band sleeves' targets
	XORQ   R14, R14 // sleeve
	XORQ   R15, R15 // 32 · position

besleeve:
	CMPQ   R14, K_NSLEEVES(DI)
	JGE    beweigh
	MOVQ   K_SLEEVEEND(DI), AX
	MOVQ   (AX)(R14*8), R12
	SHLQ   $5, R12
	VXORPD Y7, Y7, Y7 // the sleeve's value

besum:
	CMPQ   R15, R12
	JGE    besummed
	VMULPD (SI)(R15*1), Y6, Y13 // P
	VADDPD Y13, Y7, Y7
	ADDQ   $32, R15
	JMP    besum

besummed:
	MOVQ      R14, R12
	SHLQ      $6, R12
	ADDQ      K_SLEEVES(DI), R12
	VMOVUPD   Y7, (R12)
	VDIVPD    Y4, Y7, Y7 // cur = value / total
	LEAQ      (R14)(R14*2), AX
	LEAQ      (R14)(AX*2), AX
	SHLQ      $5, AX
	ADDQ      K_EDGES(DI), AX
	VCMPPD    $0x1e, (AX), Y7, Y13 // cur > Above
	VCMPPD    $1, 32(AX), Y7, Y15 // cur < Below
	VMOVUPD   160(AX), Y3 // −1: in band
	VBLENDVPD Y15, 96(AX), Y3, Y3 // Low
	VBLENDVPD Y13, 64(AX), Y3, Y3 // High
	VMOVUPD   Y3, 32(R12)
	VORPD     Y15, Y13, Y13 // out of band
	VSUBPD    Y3, Y7, Y15
	VADDPD    Y15, Y5, Y15
	VBLENDVPD Y13, Y15, Y5, Y5 // freed += cur − new
	VADDPD    128(AX), Y11, Y15
	VBLENDVPD Y13, Y11, Y15, Y11 // in band: += target
	INCQ      R14
	JMP       besleeve

beweigh:
	VCMPPD $2, Y9, Y11, Y13 // no target in band: spread over all sleeves
	XORQ   R14, R14

bespread:
	CMPQ      R14, K_NSLEEVES(DI)
	JGE       bespread2
	MOVQ      R14, R12
	SHLQ      $6, R12
	ADDQ      K_SLEEVES(DI), R12
	LEAQ      (R14)(R14*2), AX
	LEAQ      (R14)(AX*2), AX
	SHLQ      $5, AX
	ADDQ      K_EDGES(DI), AX
	VMOVUPD   32(R12), Y7 // new
	VMULPD    128(AX), Y5, Y15
	VDIVPD    192(AX), Y15, Y15
	VADDPD    Y15, Y7, Y15 // new + freed · target / all targets
	VMOVUPD   (R12), Y3
	VDIVPD    Y4, Y3, Y3
	VMULPD    128(AX), Y5, Y9
	VDIVPD    Y11, Y9, Y9
	VADDPD    Y9, Y3, Y3 // value/total + freed · target / in-band targets
	VXORPD    Y9, Y9, Y9
	VCMPPD    $1, Y9, Y7, Y9 // new < 0: in band
	VBLENDVPD Y9, Y3, Y7, Y3
	VBLENDVPD Y13, Y15, Y3, Y3
	VMOVUPD   Y3, 32(R12)
	INCQ      R14
	JMP       bespread

bespread2:
	XORQ R14, R14 // sleeve
	XORQ R15, R15 // position

beweight:
	CMPQ    R14, K_NSLEEVES(DI)
	JGE     beweighted
	MOVQ    K_SLEEVEEND(DI), AX
	MOVQ    (AX)(R14*8), R12
	MOVQ    R14, AX
	SHLQ    $6, AX
	ADDQ    K_SLEEVES(DI), AX
	VMOVUPD 32(AX), Y7 // the sleeve's new weight

beposition:
	CMPQ         R15, R12
	JGE          benext
	MOVQ         K_HOLDING(DI), AX
	VBROADCASTSD (AX)(R15*8), Y3
	VMULPD       Y3, Y7, Y3 // new · holding
	MOVQ         R15, AX
	SHLQ         $5, AX
	ADDQ         K_WEIGHTS(DI), AX
	VMOVUPD      Y3, (AX)
	INCQ         R15
	JMP          beposition

benext:
	INCQ R14
	JMP  beweight

beweighted:
	VXORPD       Y9, Y9, Y9
	MOVQ         $0x3ff0000000000000, AX
	MOVQ         AX, X3
	VBROADCASTSD X3, Y3 // 1
	MOVQ         K_ASSETS(DI), R12
	JMP          rweighted

// func measureLanes(m *laneMeasure)
//
// measure's two loops for four paths at once, one per lane, with the same
// operations in the same order: the running peak as the signed integer
// maximum of the growth's bits, the drawdown's maximum taken only where
// the growth is below the peak's drawdown line, as measure does.
TEXT ·measureLanes(SB), NOSPLIT, $0-8
	MOVQ m+0(FP), DI
	MOVQ M_RET(DI), SI
	MOVQ M_VALUE(DI), R8
	MOVQ M_K(DI), CX
	MOVQ M_YEARS(DI), DX
	MOVQ M_YEARRETURN(DI), R9
	MOVQ M_YEARVALUE(DI), R10
	MOVQ $0x3ff0000000000000, AX
	MOVQ AX, X3
	VBROADCASTSD X3, Y3 // 1
	VMOVUPD Y3, Y0 // growth
	VXORPD Y1, Y1, Y1 // drawdown
	VMOVUPD Y3, Y2 // peak
	XORQ R11, R11 // byte offset of the step

year:
	TESTQ DX, DX
	JE    sums
	VMOVUPD Y3, Y4 // the year's growth
	VXORPD Y5, Y5, Y5 // the sum of the year's values
	MOVQ CX, BX

yearstep:
	VADDPD (SI)(R11*1), Y3, Y6 // g = 1 + r
	VMULPD Y6, Y0, Y0 // growth · g
	VMULPD Y6, Y4, Y4
	VPCMPGTQ Y2, Y0, Y7 // growth's bits above the peak's
	VBLENDVPD Y7, Y0, Y2, Y2
	VSUBPD Y1, Y3, Y8
	VMULPD Y8, Y2, Y8 // peak · (1 − drawdown)
	VCMPPD $1, Y8, Y0, Y9 // growth < peak · (1 − drawdown)
	VMOVMSKPD Y9, AX
	TESTQ AX, AX
	JE    nodrawdown
	VDIVPD Y2, Y0, Y10
	VSUBPD Y10, Y3, Y10 // 1 − growth/peak
	VMAXPD Y10, Y1, Y11
	VBLENDVPD Y9, Y11, Y1, Y1

nodrawdown:
	VADDPD (R8)(R11*1), Y5, Y5
	ADDQ   $32, R11
	DECQ   BX
	JNE    yearstep
	VSUBPD Y3, Y4, Y4 // the year's return
	VMOVUPD Y4, (R9)
	VMOVUPD Y5, (R10)
	ADDQ   $32, R9
	ADDQ   $32, R10
	DECQ   DX
	JMP    year

sums:
	VMOVUPD Y0, M_GROWTH(DI)
	VMOVUPD Y1, M_DRAWDOWN(DI)
	MOVQ M_EXCESS(DI), R12
	MOVQ $0x7fffffffffffffff, AX
	MOVQ AX, X10
	VBROADCASTSD X10, Y10 // |x| mask
	VMOVUPD (SI), Y12 // shift of the returns: the first
	VMOVUPD (R12), Y13 // and of the excess returns
	VMOVUPD Y13, M_SHIFTX(DI)
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	XORQ   R11, R11
	MOVQ   M_K(DI), CX
	IMULQ  M_YEARS(DI), CX // steps

sumstep:
	VMOVUPD (SI)(R11*1), Y6 // r
	VMOVUPD (R12)(R11*1), Y7 // x
	VSUBPD Y12, Y6, Y6 // dr
	VSUBPD Y13, Y7, Y8 // dx
	VADDPD Y6, Y0, Y0
	VMULPD Y6, Y6, Y6
	VADDPD Y6, Y1, Y1
	VADDPD Y8, Y2, Y2
	VMULPD Y8, Y8, Y8
	VADDPD Y8, Y4, Y4
	VANDPD Y10, Y7, Y9
	VSUBPD Y9, Y7, Y9 // x − |x|
	VMULPD Y9, Y9, Y9
	VADDPD Y9, Y5, Y5
	ADDQ   $32, R11
	DECQ   CX
	JNE    sumstep
	VMOVUPD Y0, M_SUMR(DI)
	VMOVUPD Y1, M_SUMR2(DI)
	VMOVUPD Y2, M_SUMX(DI)
	VMOVUPD Y4, M_SUMX2(DI)
	VMOVUPD Y5, M_DOWN4(DI)
	VZEROUPPER
	RET


// func interleave4(dst, a, b, c, d []float64) int
//
// Four values of each of a, b, c, d at a time, transposed as a 4×4 block.
TEXT ·interleave4(SB), NOSPLIT, $0-128
	MOVQ dst_base+0(FP), DI
	MOVQ a_base+24(FP), R8
	MOVQ a_len+32(FP), CX
	MOVQ b_base+48(FP), R9
	MOVQ c_base+72(FP), R10
	MOVQ d_base+96(FP), R11
	ANDQ $-4, CX
	XORQ AX, AX

interleave:
	CMPQ       AX, CX
	JGE        interleaved
	VMOVUPD    (R8)(AX*8), Y0
	VMOVUPD    (R9)(AX*8), Y1
	VMOVUPD    (R10)(AX*8), Y2
	VMOVUPD    (R11)(AX*8), Y3
	VUNPCKLPD  Y1, Y0, Y4 // a0 b0 a2 b2
	VUNPCKHPD  Y1, Y0, Y5 // a1 b1 a3 b3
	VUNPCKLPD  Y3, Y2, Y6 // c0 d0 c2 d2
	VUNPCKHPD  Y3, Y2, Y7 // c1 d1 c3 d3
	VPERM2F128 $0x20, Y6, Y4, Y0 // a0 b0 c0 d0
	VPERM2F128 $0x20, Y7, Y5, Y1
	VPERM2F128 $0x31, Y6, Y4, Y2
	VPERM2F128 $0x31, Y7, Y5, Y3
	MOVQ       AX, DX
	SHLQ       $5, DX
	VMOVUPD    Y0, (DI)(DX*1)
	VMOVUPD    Y1, 32(DI)(DX*1)
	VMOVUPD    Y2, 64(DI)(DX*1)
	VMOVUPD    Y3, 96(DI)(DX*1)
	ADDQ       $4, AX
	JMP        interleave

interleaved:
	VZEROUPPER
	MOVQ AX, ret+120(FP)
	RET

// fanLanes's offsets (TestLaneKernelLayout checks them), its constants
// lane vectors from F_LO on.
#define F_VALUE 0
#define F_YEARINDEX 8
#define F_OUT 16
#define F_YEARS 24
#define F_STEPBYTES 32
#define F_LO 40
#define F_HI 72
#define F_A 104
#define F_B 136
#define F_C 168
#define F_MULT 200
#define F_OFFSET 232
#define F_EXPMASK 264
#define F_SIGMASK 296
#define F_ONE 328
#define F_TWO52 360
#define F_BIAS 392
#define F_NAN 424

// FANBIN maps Y0's four values to their sketch bins in X1 as
// CubicallyInterpolatedMapping.Index does, in its order of operations:
// e the unbiased exponent, s the significand minus one, ((A·s + B)·s +
// C)·s + e times the multiplier plus the offset, truncated toward zero and
// one less when negative. Values outside (lo, hi] get NaN, which converts
// to 0x80000000 (noBin), and clear their lanes in Y15. Y2..Y6 scratch.
#define FANBIN \
	VCMPPD      $0x1e, F_LO(DI), Y0, Y2 \
	VCMPPD      $2, F_HI(DI), Y0, Y3 \
	VANDPD      Y3, Y2, Y2 \
	VANDPD      Y2, Y15, Y15 \
	VPAND       F_EXPMASK(DI), Y0, Y3 \
	VPSRLQ      $52, Y3, Y3 \
	VPOR        F_TWO52(DI), Y3, Y3 \
	VSUBPD      F_TWO52(DI), Y3, Y3 \
	VSUBPD      F_BIAS(DI), Y3, Y3 \
	VPAND       F_SIGMASK(DI), Y0, Y4 \
	VPOR        F_ONE(DI), Y4, Y4 \
	VSUBPD      F_ONE(DI), Y4, Y4 \
	VMULPD      F_A(DI), Y4, Y5 \
	VADDPD      F_B(DI), Y5, Y5 \
	VMULPD      Y4, Y5, Y5 \
	VADDPD      F_C(DI), Y5, Y5 \
	VMULPD      Y4, Y5, Y5 \
	VADDPD      Y3, Y5, Y5 \
	VMULPD      F_MULT(DI), Y5, Y5 \
	VADDPD      F_OFFSET(DI), Y5, Y5 \
	VROUNDPD    $3, Y5, Y6 \
	VXORPD      Y4, Y4, Y4 \
	VCMPPD      $1, Y4, Y5, Y4 \
	VANDPD      F_ONE(DI), Y4, Y4 \
	VSUBPD      Y4, Y6, Y6 \
	VMOVUPD     F_NAN(DI), Y4 \
	VBLENDVPD   Y2, Y6, Y4, Y6 \
	VCVTTPD2DQY Y6, X1

// func fanBinsLanes(a *fanLanes) int
//
// The fan's bins of years 1 on for four paths: each year's last value by
// lane, and the same divided by the year's price index, to the buffer at
// F_OUT (years of 2·1024 int32s, the real half 4096 bytes on).
TEXT ·fanBinsLanes(SB), NOSPLIT, $0-16
	MOVQ     a+0(FP), DI
	MOVQ     F_VALUE(DI), SI
	MOVQ     F_YEARINDEX(DI), R8
	MOVQ     F_OUT(DI), R9
	MOVQ     F_YEARS(DI), CX
	MOVQ     F_STEPBYTES(DI), DX
	VPCMPEQQ Y15, Y15, Y15 // lanes indexed so far
	MOVQ     $1, BX

fanyear:
	CMPQ    BX, CX
	JG      fandone
	ADDQ    DX, SI
	ADDQ    $32, R8
	ADDQ    $8192, R9
	VMOVUPD (SI), Y0
	FANBIN
	VMOVDQU X1, (R9)
	VDIVPD  (R8), Y0, Y0 // real
	FANBIN
	VMOVDQU X1, 4096(R9)
	INCQ    BX
	JMP     fanyear

fandone:
	VMOVMSKPD Y15, AX
	XORQ      $15, AX
	VZEROUPPER
	MOVQ      AX, ret+8(FP)
	RET
