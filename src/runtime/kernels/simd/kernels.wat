;; Training kernels in 128-bit wasm SIMD, run on TensorFlow.js's own wasm memory (imported): the
;; loops that plain JavaScript runs slowly (simd-kernels.ts says why and when each is used).
;; Pointers are byte offsets of float32 data; every count is in elements.
;; Assembled by scripts/build-simd-kernels.mjs into kernels-wasm.ts (commit both).
(module
  (import "env" "memory" (memory 1))

  ;; MaxPoolGrad of a 2x2 pool with stride 2 and no padding, channels a multiple of 4: in each
  ;; window the gradient goes to the first position (row-major) holding a value greater than all
  ;; before it (from -Infinity, as the JavaScript loop does: a NaN or -Infinity is never chosen),
  ;; zeros elsewhere; rows and columns no window covers stay zero.
  (func (export "max_pool_grad_2x2")
    (param $x i32) (param $dy i32) (param $dx i32)
    (param $batch i32) (param $height i32) (param $width i32) (param $channels i32)
    (local $oh i32) (local $ow i32) (local $b i32) (local $r i32) (local $c i32) (local $o i32)
    (local $pixel i32) (local $row i32) (local $p00 i32) (local $dxp i32) (local $dyp i32)
    (local $va v128) (local $vb v128) (local $vc v128) (local $vd v128)
    (local $best v128) (local $idx v128) (local $gt v128) (local $g v128)
    (local.set $oh (i32.shr_u (local.get $height) (i32.const 1)))
    (local.set $ow (i32.shr_u (local.get $width) (i32.const 1)))
    (local.set $pixel (i32.shl (local.get $channels) (i32.const 2)))
    (local.set $row (i32.mul (local.get $width) (local.get $pixel)))
    (memory.fill (local.get $dx) (i32.const 0)
      (i32.mul (i32.mul (local.get $batch) (local.get $height)) (local.get $row)))
    (local.set $dyp (local.get $dy))
    (local.set $b (i32.const 0))
    (block $b_done (loop $b_loop
      (br_if $b_done (i32.ge_u (local.get $b) (local.get $batch)))
      (local.set $r (i32.const 0))
      (block $r_done (loop $r_loop
        (br_if $r_done (i32.ge_u (local.get $r) (local.get $oh)))
        (local.set $c (i32.const 0))
        (block $c_done (loop $c_loop
          (br_if $c_done (i32.ge_u (local.get $c) (local.get $ow)))
          ;; byte offset of the window's top-left pixel, from the start of x (and of dx)
          (local.set $p00
            (i32.add
              (i32.mul
                (i32.add (i32.mul (local.get $b) (local.get $height)) (i32.shl (local.get $r) (i32.const 1)))
                (local.get $row))
              (i32.mul (i32.shl (local.get $c) (i32.const 1)) (local.get $pixel))))
          (local.set $o (i32.const 0))
          (block $o_done (loop $o_loop
            (br_if $o_done (i32.ge_u (local.get $o) (local.get $pixel)))
            (local.set $va (v128.load (i32.add (i32.add (local.get $x) (local.get $p00)) (local.get $o))))
            (local.set $vb (v128.load (i32.add (i32.add (i32.add (local.get $x) (local.get $p00)) (local.get $pixel)) (local.get $o))))
            (local.set $vc (v128.load (i32.add (i32.add (i32.add (local.get $x) (local.get $p00)) (local.get $row)) (local.get $o))))
            (local.set $vd (v128.load (i32.add (i32.add (i32.add (i32.add (local.get $x) (local.get $p00)) (local.get $row)) (local.get $pixel)) (local.get $o))))
            (local.set $best (f32x4.splat (f32.const -inf)))
            (local.set $idx (i32x4.splat (i32.const -1)))
            (local.set $gt (f32x4.gt (local.get $va) (local.get $best)))
            (local.set $best (v128.bitselect (local.get $va) (local.get $best) (local.get $gt)))
            (local.set $idx (v128.bitselect (i32x4.splat (i32.const 0)) (local.get $idx) (local.get $gt)))
            (local.set $gt (f32x4.gt (local.get $vb) (local.get $best)))
            (local.set $best (v128.bitselect (local.get $vb) (local.get $best) (local.get $gt)))
            (local.set $idx (v128.bitselect (i32x4.splat (i32.const 1)) (local.get $idx) (local.get $gt)))
            (local.set $gt (f32x4.gt (local.get $vc) (local.get $best)))
            (local.set $best (v128.bitselect (local.get $vc) (local.get $best) (local.get $gt)))
            (local.set $idx (v128.bitselect (i32x4.splat (i32.const 2)) (local.get $idx) (local.get $gt)))
            (local.set $gt (f32x4.gt (local.get $vd) (local.get $best)))
            (local.set $idx (v128.bitselect (i32x4.splat (i32.const 3)) (local.get $idx) (local.get $gt)))
            (local.set $g (v128.load (i32.add (local.get $dyp) (local.get $o))))
            (local.set $dxp (i32.add (i32.add (local.get $dx) (local.get $p00)) (local.get $o)))
            (v128.store (local.get $dxp)
              (v128.and (local.get $g) (i32x4.eq (local.get $idx) (i32x4.splat (i32.const 0)))))
            (v128.store (i32.add (local.get $dxp) (local.get $pixel))
              (v128.and (local.get $g) (i32x4.eq (local.get $idx) (i32x4.splat (i32.const 1)))))
            (v128.store (i32.add (local.get $dxp) (local.get $row))
              (v128.and (local.get $g) (i32x4.eq (local.get $idx) (i32x4.splat (i32.const 2)))))
            (v128.store (i32.add (i32.add (local.get $dxp) (local.get $row)) (local.get $pixel))
              (v128.and (local.get $g) (i32x4.eq (local.get $idx) (i32x4.splat (i32.const 3)))))
            (local.set $o (i32.add (local.get $o) (i32.const 16)))
            (br $o_loop)))
          (local.set $dyp (i32.add (local.get $dyp) (local.get $pixel)))
          (local.set $c (i32.add (local.get $c) (i32.const 1)))
          (br $c_loop)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $r_loop)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $b_loop))))

  ;; Column sums of a [rows, width] float32 matrix, width a multiple of 4, accumulated in float64
  ;; in row order (scratch: width float64s) and rounded to float32 once, as the JavaScript loop does.
  (func (export "sum_rows")
    (param $x i32) (param $rows i32) (param $width i32) (param $out i32) (param $scratch i32)
    (local $bytes i32) (local $end i32) (local $p i32) (local $o i32) (local $s i32) (local $v v128)
    (local.set $bytes (i32.shl (local.get $width) (i32.const 2)))
    (memory.fill (local.get $scratch) (i32.const 0) (i32.shl (local.get $width) (i32.const 3)))
    (local.set $p (local.get $x))
    (local.set $end (i32.add (local.get $x) (i32.mul (local.get $rows) (local.get $bytes))))
    (block $rows_done (loop $rows_loop
      (br_if $rows_done (i32.ge_u (local.get $p) (local.get $end)))
      (local.set $o (i32.const 0))
      (block $o_done (loop $o_loop
        (br_if $o_done (i32.ge_u (local.get $o) (local.get $bytes)))
        (local.set $v (v128.load (i32.add (local.get $p) (local.get $o))))
        (local.set $s (i32.add (local.get $scratch) (i32.shl (local.get $o) (i32.const 1))))
        (v128.store (local.get $s)
          (f64x2.add (v128.load (local.get $s)) (f64x2.promote_low_f32x4 (local.get $v))))
        (v128.store offset=16 (local.get $s)
          (f64x2.add (v128.load offset=16 (local.get $s))
            (f64x2.promote_low_f32x4
              (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $o_loop)))
      (local.set $p (i32.add (local.get $p) (local.get $bytes)))
      (br $rows_loop)))
    (local.set $o (i32.const 0))
    (block $out_done (loop $out_loop
      (br_if $out_done (i32.ge_u (local.get $o) (local.get $bytes)))
      (local.set $s (i32.add (local.get $scratch) (i32.shl (local.get $o) (i32.const 1))))
      (v128.store (i32.add (local.get $out) (local.get $o))
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (v128.load (local.get $s)))
          (f32x4.demote_f64x2_zero (v128.load offset=16 (local.get $s)))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $out_loop))))

  ;; ReLU's gradient, dy * step(x) with step(x) = x > 0 ? 1 : 0 and NaN for a NaN x (as tfjs's wasm
  ;; Step): the product tfjs's gradient computes with Step, Cast and Multiply (three passes), in one,
  ;; with its results bit for bit (a NaN or infinite dy times 0 is NaN, a negative dy times 0 is -0).
  (func (export "relu_grad")
    (param $dy i32) (param $x i32) (param $out i32) (param $n i32)
    (local $o i32) (local $vectors i32) (local $bytes i32) (local $v v128) (local $s f32)
    (local.set $bytes (i32.shl (local.get $n) (i32.const 2)))
    (local.set $vectors (i32.and (local.get $bytes) (i32.const -16)))
    (block $done (loop $loop
      (br_if $done (i32.ge_u (local.get $o) (local.get $vectors)))
      (local.set $v (v128.load (i32.add (local.get $x) (local.get $o))))
      (v128.store (i32.add (local.get $out) (local.get $o))
        (f32x4.mul (v128.load (i32.add (local.get $dy) (local.get $o)))
          (v128.bitselect (local.get $v)
            (v128.bitselect (f32x4.splat (f32.const 1)) (f32x4.splat (f32.const 0))
              (f32x4.gt (local.get $v) (f32x4.splat (f32.const 0))))
            (f32x4.ne (local.get $v) (local.get $v)))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $loop)))
    (block $tail_done (loop $tail
      (br_if $tail_done (i32.ge_u (local.get $o) (local.get $bytes)))
      (local.set $s (f32.load (i32.add (local.get $x) (local.get $o))))
      (f32.store (i32.add (local.get $out) (local.get $o))
        (f32.mul (f32.load (i32.add (local.get $dy) (local.get $o)))
          (select (local.get $s)
            (select (f32.const 1) (f32.const 0) (f32.gt (local.get $s) (f32.const 0)))
            (f32.ne (local.get $s) (local.get $s)))))
      (local.set $o (i32.add (local.get $o) (i32.const 4)))
      (br $tail))))

  ;; Uniform values in [min, min + range) as float32, from seedrandom's alea at state (c, s0, s1, s2):
  ;; its step in doubles, `c = t | 0` a truncation (t is in [0, 2091640)), each value rounded to
  ;; float32 once, as tfjs's randomUniform stores it (random-uniform.ts). A loop JavaScript runs
  ;; cold, in the interpreter, at the start of every job: here compiled.
  (func (export "uniform")
    (param $out i32) (param $n i32) (param $min f64) (param $range f64)
    (param $c f64) (param $s0 f64) (param $s1 f64) (param $s2 f64)
    (local $end i32) (local $t f64)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))))
    (block $done (loop $loop
      (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
      (local.set $t (f64.add (f64.mul (f64.const 2091639) (local.get $s0)) (f64.mul (local.get $c) (f64.const 2.3283064365386963e-10))))
      (local.set $s0 (local.get $s1))
      (local.set $s1 (local.get $s2))
      (local.set $c (f64.convert_i32_s (i32.trunc_f64_s (local.get $t))))
      (local.set $s2 (f64.sub (local.get $t) (local.get $c)))
      (f32.store (local.get $out) (f32.demote_f64 (f64.add (local.get $min) (f64.mul (local.get $range) (local.get $s2)))))
      (local.set $out (i32.add (local.get $out) (i32.const 4)))
      (br $loop))))

  ;; x*a + y*b in float32, as tfjs's mul then add give it (gradients parts weighted and summed).
  (func (export "scaled_add")
    (param $x i32) (param $a f32) (param $y i32) (param $b f32) (param $out i32) (param $n i32)
    (local $o i32) (local $vectors i32) (local $bytes i32) (local $va v128) (local $vb v128)
    (local.set $bytes (i32.shl (local.get $n) (i32.const 2)))
    (local.set $vectors (i32.and (local.get $bytes) (i32.const -16)))
    (local.set $va (f32x4.splat (local.get $a)))
    (local.set $vb (f32x4.splat (local.get $b)))
    (block $done (loop $loop
      (br_if $done (i32.ge_u (local.get $o) (local.get $vectors)))
      (v128.store (i32.add (local.get $out) (local.get $o))
        (f32x4.add
          (f32x4.mul (v128.load (i32.add (local.get $x) (local.get $o))) (local.get $va))
          (f32x4.mul (v128.load (i32.add (local.get $y) (local.get $o))) (local.get $vb))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $loop)))
    (block $tail_done (loop $tail
      (br_if $tail_done (i32.ge_u (local.get $o) (local.get $bytes)))
      (f32.store (i32.add (local.get $out) (local.get $o))
        (f32.add
          (f32.mul (f32.load (i32.add (local.get $x) (local.get $o))) (local.get $a))
          (f32.mul (f32.load (i32.add (local.get $y) (local.get $o))) (local.get $b))))
      (local.set $o (i32.add (local.get $o) (i32.const 4)))
      (br $tail))))

    ;; Adam's update of one variable, tfjs's AdamOptimizer.applyGradients op by op in float32 (so bit
  ;; for bit its result) in one pass instead of twelve:
  ;;   m' = m*b1 + g*c1        v' = v*b2 + (g*g)*c2        (c = 1 - beta, rounded to float32)
  ;;   w' = ((m'/omab1) / (sqrt(v'/omab2) + eps)) * neglr + w
  (func (export "adam")
    (param $w i32) (param $m i32) (param $v i32) (param $g i32)
    (param $w_out i32) (param $m_out i32) (param $v_out i32) (param $n i32)
    (param $b1 f32) (param $c1 f32) (param $b2 f32) (param $c2 f32)
    (param $omab1 f32) (param $omab2 f32) (param $eps f32) (param $neglr f32)
    (local $o i32) (local $bytes i32) (local $vectors i32)
    (local $gv v128) (local $mv v128) (local $vv v128)
    (local $gs f32) (local $ms f32) (local $vs f32)
    (local.set $bytes (i32.shl (local.get $n) (i32.const 2)))
    (local.set $vectors (i32.and (local.get $bytes) (i32.const -16)))
    (block $done (loop $loop
      (br_if $done (i32.ge_u (local.get $o) (local.get $vectors)))
      (local.set $gv (v128.load (i32.add (local.get $g) (local.get $o))))
      (local.set $mv
        (f32x4.add
          (f32x4.mul (v128.load (i32.add (local.get $m) (local.get $o))) (f32x4.splat (local.get $b1)))
          (f32x4.mul (local.get $gv) (f32x4.splat (local.get $c1)))))
      (local.set $vv
        (f32x4.add
          (f32x4.mul (v128.load (i32.add (local.get $v) (local.get $o))) (f32x4.splat (local.get $b2)))
          (f32x4.mul (f32x4.mul (local.get $gv) (local.get $gv)) (f32x4.splat (local.get $c2)))))
      (v128.store (i32.add (local.get $m_out) (local.get $o)) (local.get $mv))
      (v128.store (i32.add (local.get $v_out) (local.get $o)) (local.get $vv))
      (v128.store (i32.add (local.get $w_out) (local.get $o))
        (f32x4.add
          (f32x4.mul
            (f32x4.div
              (f32x4.div (local.get $mv) (f32x4.splat (local.get $omab1)))
              (f32x4.add (f32x4.sqrt (f32x4.div (local.get $vv) (f32x4.splat (local.get $omab2)))) (f32x4.splat (local.get $eps))))
            (f32x4.splat (local.get $neglr)))
          (v128.load (i32.add (local.get $w) (local.get $o)))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $loop)))
    (block $tail_done (loop $tail
      (br_if $tail_done (i32.ge_u (local.get $o) (local.get $bytes)))
      (local.set $gs (f32.load (i32.add (local.get $g) (local.get $o))))
      (local.set $ms
        (f32.add
          (f32.mul (f32.load (i32.add (local.get $m) (local.get $o))) (local.get $b1))
          (f32.mul (local.get $gs) (local.get $c1))))
      (local.set $vs
        (f32.add
          (f32.mul (f32.load (i32.add (local.get $v) (local.get $o))) (local.get $b2))
          (f32.mul (f32.mul (local.get $gs) (local.get $gs)) (local.get $c2))))
      (f32.store (i32.add (local.get $m_out) (local.get $o)) (local.get $ms))
      (f32.store (i32.add (local.get $v_out) (local.get $o)) (local.get $vs))
      (f32.store (i32.add (local.get $w_out) (local.get $o))
        (f32.add
          (f32.mul
            (f32.div
              (f32.div (local.get $ms) (local.get $omab1))
              (f32.add (f32.sqrt (f32.div (local.get $vs) (local.get $omab2))) (local.get $eps)))
            (local.get $neglr))
          (f32.load (i32.add (local.get $w) (local.get $o)))))
      (local.set $o (i32.add (local.get $o) (i32.const 4)))
      (br $tail))))

  ;; A transpose that moves the leading axis past a block of axes and keeps the innermost ones:
  ;; [a][b][bytes] -> [b][a][bytes] (as tf.transpose(x, [1, 2, 0, 3]) of NHWC), bytes a multiple of 16.
  ;; In tiles of 16 b-rows, so that both the reads and the writes of a tile stay near each other.
  (func (export "swap_outer")
    (param $in i32) (param $out i32) (param $a i32) (param $b i32) (param $bytes i32)
    (local $i i32) (local $j i32) (local $j0 i32) (local $j1 i32) (local $o i32)
    (local $src i32) (local $dst i32) (local $row i32)
    (local.set $row (i32.mul (local.get $a) (local.get $bytes)))
    (block $tiles_done (loop $tiles
      (br_if $tiles_done (i32.ge_u (local.get $j0) (local.get $b)))
      (local.set $j1 (select (i32.add (local.get $j0) (i32.const 16)) (local.get $b)
        (i32.lt_u (i32.add (local.get $j0) (i32.const 16)) (local.get $b))))
      (local.set $i (i32.const 0))
      (block $i_done (loop $i_loop
        (br_if $i_done (i32.ge_u (local.get $i) (local.get $a)))
        (local.set $j (local.get $j0))
        (local.set $src (i32.add (local.get $in)
          (i32.mul (i32.add (i32.mul (local.get $i) (local.get $b)) (local.get $j0)) (local.get $bytes))))
        (local.set $dst (i32.add (local.get $out)
          (i32.add (i32.mul (local.get $j0) (local.get $row)) (i32.mul (local.get $i) (local.get $bytes)))))
        (block $j_done (loop $j_loop
          (br_if $j_done (i32.ge_u (local.get $j) (local.get $j1)))
          (local.set $o (i32.const 0))
          (block $o_done (loop $o_loop
            (br_if $o_done (i32.ge_u (local.get $o) (local.get $bytes)))
            (v128.store (i32.add (local.get $dst) (local.get $o)) (v128.load (i32.add (local.get $src) (local.get $o))))
            (local.set $o (i32.add (local.get $o) (i32.const 16)))
            (br $o_loop)))
          (local.set $src (i32.add (local.get $src) (local.get $bytes)))
          (local.set $dst (i32.add (local.get $dst) (local.get $row)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $j_loop)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $i_loop)))
      (local.set $j0 (local.get $j1))
      (br $tiles))))

  ;; x + bias over the last axis (a layer's bias added to [rows, width]), width a multiple of 4.
  (func (export "add_rows")
    (param $x i32) (param $bias i32) (param $out i32) (param $rows i32) (param $width i32)
    (local $bytes i32) (local $p i32) (local $end i32) (local $o i32) (local $dst i32)
    (local.set $bytes (i32.shl (local.get $width) (i32.const 2)))
    (local.set $p (local.get $x))
    (local.set $dst (local.get $out))
    (local.set $end (i32.add (local.get $x) (i32.mul (local.get $rows) (local.get $bytes))))
    (block $rows_done (loop $rows_loop
      (br_if $rows_done (i32.ge_u (local.get $p) (local.get $end)))
      (local.set $o (i32.const 0))
      (block $o_done (loop $o_loop
        (br_if $o_done (i32.ge_u (local.get $o) (local.get $bytes)))
        (v128.store (i32.add (local.get $dst) (local.get $o))
          (f32x4.add (v128.load (i32.add (local.get $p) (local.get $o))) (v128.load (i32.add (local.get $bias) (local.get $o)))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $o_loop)))
      (local.set $p (i32.add (local.get $p) (local.get $bytes)))
      (local.set $dst (i32.add (local.get $dst) (local.get $bytes)))
      (br $rows_loop))))

  ;; The filter gradient of a convolution over 3 input channels (an RGB image's first layer), NHWC:
  ;; dW[r, s, c, f] = sum over b, i, j of x[b, i*sh + r, j*sw + s, c] * dy[b, i, j, f], with x the
  ;; rows and columns the taps reach (padding already applied), filters a multiple of 16. For each
  ;; tap and block of 16 filters, 12 accumulators (3 channels x 4 vectors) sum one image's positions in
  ;; order; the images' sums are added in batch order. XNNPACK's convolution runs this shape
  ;; (3 channels as its batch) at a third of the speed.
  (func (export "filter_grad_c3")
    (param $x i32) (param $dy i32) (param $out i32)
    (param $batch i32) (param $height i32) (param $width i32) (param $oh i32) (param $ow i32)
    (param $filters i32) (param $kh i32) (param $kw i32) (param $sh i32) (param $sw i32)
    (local $r i32) (local $s i32) (local $fb i32) (local $b i32) (local $i i32) (local $j i32)
    (local $xrow i32) (local $dyrow i32) (local $xp i32) (local $dp i32) (local $o i32)
    (local $xstep i32) (local $dstep i32) (local $fbytes i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $a4 v128) (local $a5 v128)
    (local $a6 v128) (local $a7 v128) (local $a8 v128) (local $a9 v128) (local $a10 v128) (local $a11 v128)
    (local $d0 v128) (local $d1 v128) (local $d2 v128) (local $d3 v128) (local $v v128)
    (local.set $fbytes (i32.shl (local.get $filters) (i32.const 2)))
    (local.set $xstep (i32.mul (local.get $sw) (i32.const 12)))
    (local.set $dstep (local.get $fbytes))
    (memory.fill (local.get $out) (i32.const 0)
      (i32.mul (i32.mul (i32.mul (local.get $kh) (local.get $kw)) (i32.const 3)) (local.get $fbytes)))
    (local.set $r (i32.const 0))
    (block $r_done (loop $r_loop
      (br_if $r_done (i32.ge_u (local.get $r) (local.get $kh)))
      (local.set $s (i32.const 0))
      (block $s_done (loop $s_loop
        (br_if $s_done (i32.ge_u (local.get $s) (local.get $kw)))
        (local.set $fb (i32.const 0))
        (block $fb_done (loop $fb_loop
          (br_if $fb_done (i32.ge_u (local.get $fb) (local.get $filters)))
          ;; out + ((r*kw + s)*3*filters + fb)*4: channel c's row is c*filters*4 further
          (local.set $o (i32.add (local.get $out)
            (i32.shl (i32.add (i32.mul (i32.mul (i32.add (i32.mul (local.get $r) (local.get $kw)) (local.get $s)) (i32.const 3)) (local.get $filters))
              (local.get $fb)) (i32.const 2))))
          (local.set $b (i32.const 0))
          (block $b_done (loop $b_loop
            (br_if $b_done (i32.ge_u (local.get $b) (local.get $batch)))
            (local.set $a0 (v128.const i32x4 0 0 0 0))
            (local.set $a1 (v128.const i32x4 0 0 0 0))
            (local.set $a2 (v128.const i32x4 0 0 0 0))
            (local.set $a3 (v128.const i32x4 0 0 0 0))
            (local.set $a4 (v128.const i32x4 0 0 0 0))
            (local.set $a5 (v128.const i32x4 0 0 0 0))
            (local.set $a6 (v128.const i32x4 0 0 0 0))
            (local.set $a7 (v128.const i32x4 0 0 0 0))
            (local.set $a8 (v128.const i32x4 0 0 0 0))
            (local.set $a9 (v128.const i32x4 0 0 0 0))
            (local.set $a10 (v128.const i32x4 0 0 0 0))
            (local.set $a11 (v128.const i32x4 0 0 0 0))
            (local.set $i (i32.const 0))
            (block $i_done (loop $i_loop
              (br_if $i_done (i32.ge_u (local.get $i) (local.get $oh)))
              ;; x + (((b*height + i*sh + r)*width + s)*3)*4
              (local.set $xp (i32.add (local.get $x)
                (i32.mul (i32.add (i32.mul (i32.add (i32.add (i32.mul (local.get $b) (local.get $height)) (i32.mul (local.get $i) (local.get $sh))) (local.get $r))
                  (local.get $width)) (local.get $s)) (i32.const 12))))
              ;; dy + ((b*oh + i)*ow*filters + fb)*4
              (local.set $dp (i32.add (local.get $dy)
                (i32.shl (i32.add (i32.mul (i32.mul (i32.add (i32.mul (local.get $b) (local.get $oh)) (local.get $i)) (local.get $ow)) (local.get $filters))
                  (local.get $fb)) (i32.const 2))))
              (local.set $j (local.get $ow))
              (block $j_done (loop $j_loop
                (br_if $j_done (i32.eqz (local.get $j)))
                (local.set $d0 (v128.load (local.get $dp)))
                (local.set $d1 (v128.load offset=16 (local.get $dp)))
                (local.set $d2 (v128.load offset=32 (local.get $dp)))
                (local.set $d3 (v128.load offset=48 (local.get $dp)))
                (local.set $v (v128.load32_splat (local.get $xp)))
                (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $v) (local.get $d0))))
                (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $v) (local.get $d1))))
                (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $v) (local.get $d2))))
                (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $v) (local.get $d3))))
                (local.set $v (v128.load32_splat offset=4 (local.get $xp)))
                (local.set $a4 (f32x4.add (local.get $a4) (f32x4.mul (local.get $v) (local.get $d0))))
                (local.set $a5 (f32x4.add (local.get $a5) (f32x4.mul (local.get $v) (local.get $d1))))
                (local.set $a6 (f32x4.add (local.get $a6) (f32x4.mul (local.get $v) (local.get $d2))))
                (local.set $a7 (f32x4.add (local.get $a7) (f32x4.mul (local.get $v) (local.get $d3))))
                (local.set $v (v128.load32_splat offset=8 (local.get $xp)))
                (local.set $a8 (f32x4.add (local.get $a8) (f32x4.mul (local.get $v) (local.get $d0))))
                (local.set $a9 (f32x4.add (local.get $a9) (f32x4.mul (local.get $v) (local.get $d1))))
                (local.set $a10 (f32x4.add (local.get $a10) (f32x4.mul (local.get $v) (local.get $d2))))
                (local.set $a11 (f32x4.add (local.get $a11) (f32x4.mul (local.get $v) (local.get $d3))))
                (local.set $xp (i32.add (local.get $xp) (local.get $xstep)))
                (local.set $dp (i32.add (local.get $dp) (local.get $dstep)))
                (local.set $j (i32.sub (local.get $j) (i32.const 1)))
                (br $j_loop)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $i_loop)))
            (v128.store (local.get $o) (f32x4.add (v128.load (local.get $o)) (local.get $a0)))
            (v128.store offset=16 (local.get $o) (f32x4.add (v128.load offset=16 (local.get $o)) (local.get $a1)))
            (v128.store offset=32 (local.get $o) (f32x4.add (v128.load offset=32 (local.get $o)) (local.get $a2)))
            (v128.store offset=48 (local.get $o) (f32x4.add (v128.load offset=48 (local.get $o)) (local.get $a3)))
            (local.set $xp (i32.add (local.get $o) (local.get $fbytes)))
            (v128.store (local.get $xp) (f32x4.add (v128.load (local.get $xp)) (local.get $a4)))
            (v128.store offset=16 (local.get $xp) (f32x4.add (v128.load offset=16 (local.get $xp)) (local.get $a5)))
            (v128.store offset=32 (local.get $xp) (f32x4.add (v128.load offset=32 (local.get $xp)) (local.get $a6)))
            (v128.store offset=48 (local.get $xp) (f32x4.add (v128.load offset=48 (local.get $xp)) (local.get $a7)))
            (local.set $xp (i32.add (local.get $xp) (local.get $fbytes)))
            (v128.store (local.get $xp) (f32x4.add (v128.load (local.get $xp)) (local.get $a8)))
            (v128.store offset=16 (local.get $xp) (f32x4.add (v128.load offset=16 (local.get $xp)) (local.get $a9)))
            (v128.store offset=32 (local.get $xp) (f32x4.add (v128.load offset=32 (local.get $xp)) (local.get $a10)))
            (v128.store offset=48 (local.get $xp) (f32x4.add (v128.load offset=48 (local.get $xp)) (local.get $a11)))
            (local.set $b (i32.add (local.get $b) (i32.const 1)))
            (br $b_loop)))
          (local.set $fb (i32.add (local.get $fb) (i32.const 16)))
          (br $fb_loop)))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $s_loop)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $r_loop)))
  )

  ;; A convolution's input patches as rows, for its filter gradient as one plain product with dy:
  ;; out[(r*kw + s)*channels + c][p] = x[b, i*sh + r, j*sw + s, c] for each output position
  ;; p = (b*oh + i)*ow + j, with x the rows and columns the taps reach (padding already applied),
  ;; NHWC, channels a multiple of 4. `offsets` (positions i32s) is scratch: each position's pixel.
  ;; Four positions at a time, their 4-channel vectors transposed in registers, so that every load
  ;; and store is a whole vector.
  (func (export "patches_rows")
    (param $x i32) (param $out i32) (param $offsets i32)
    (param $batch i32) (param $height i32) (param $width i32) (param $channels i32)
    (param $oh i32) (param $ow i32) (param $kh i32) (param $kw i32) (param $sh i32) (param $sw i32)
    (local $positions i32) (local $pixel i32) (local $plane i32) (local $p i32) (local $q i32)
    (local $b i32) (local $i i32) (local $j i32) (local $r i32) (local $s i32)
    (local $tap i32) (local $dst i32) (local $row i32) (local $c i32)
    (local $s0 i32) (local $s1 i32) (local $s2 i32) (local $s3 i32)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $positions (i32.mul (i32.mul (local.get $batch) (local.get $oh)) (local.get $ow)))
    (local.set $pixel (i32.shl (local.get $channels) (i32.const 2)))
    (local.set $plane (i32.shl (local.get $positions) (i32.const 2)))
    ;; offsets[p]: byte offset of position p's pixel for tap (0, 0)
    (local.set $q (local.get $offsets))
    (local.set $b (i32.const 0))
    (block $b_done (loop $b_loop
      (br_if $b_done (i32.ge_u (local.get $b) (local.get $batch)))
      (local.set $i (i32.const 0))
      (block $i_done (loop $i_loop
        (br_if $i_done (i32.ge_u (local.get $i) (local.get $oh)))
        (local.set $j (i32.const 0))
        (block $j_done (loop $j_loop
          (br_if $j_done (i32.ge_u (local.get $j) (local.get $ow)))
          (i32.store (local.get $q)
            (i32.mul
              (i32.add
                (i32.mul (i32.add (i32.mul (local.get $b) (local.get $height)) (i32.mul (local.get $i) (local.get $sh))) (local.get $width))
                (i32.mul (local.get $j) (local.get $sw)))
              (local.get $pixel)))
          (local.set $q (i32.add (local.get $q) (i32.const 4)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $j_loop)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $i_loop)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $b_loop)))
    (local.set $r (i32.const 0))
    (block $r_done (loop $r_loop
      (br_if $r_done (i32.ge_u (local.get $r) (local.get $kh)))
      (local.set $s (i32.const 0))
      (block $s_done (loop $s_loop
        (br_if $s_done (i32.ge_u (local.get $s) (local.get $kw)))
        ;; the tap's pixel for position (0, 0, 0), and its first row of out
        (local.set $tap (i32.add (local.get $x)
          (i32.mul (i32.add (i32.mul (local.get $r) (local.get $width)) (local.get $s)) (local.get $pixel))))
        (local.set $dst (i32.add (local.get $out)
          (i32.mul (i32.mul (i32.add (i32.mul (local.get $r) (local.get $kw)) (local.get $s)) (local.get $channels)) (local.get $plane))))
        (local.set $p (i32.const 0))
        (block $quads_done (loop $quads
          (br_if $quads_done (i32.gt_u (i32.add (local.get $p) (i32.const 4)) (local.get $positions)))
          (local.set $q (i32.add (local.get $offsets) (i32.shl (local.get $p) (i32.const 2))))
          (local.set $s0 (i32.add (local.get $tap) (i32.load (local.get $q))))
          (local.set $s1 (i32.add (local.get $tap) (i32.load offset=4 (local.get $q))))
          (local.set $s2 (i32.add (local.get $tap) (i32.load offset=8 (local.get $q))))
          (local.set $s3 (i32.add (local.get $tap) (i32.load offset=12 (local.get $q))))
          (local.set $row (i32.add (local.get $dst) (i32.shl (local.get $p) (i32.const 2))))
          (local.set $c (i32.const 0))
          (block $c_done (loop $c_loop
            (br_if $c_done (i32.ge_u (local.get $c) (local.get $pixel)))
            (local.set $v0 (v128.load (i32.add (local.get $s0) (local.get $c))))
            (local.set $v1 (v128.load (i32.add (local.get $s1) (local.get $c))))
            (local.set $v2 (v128.load (i32.add (local.get $s2) (local.get $c))))
            (local.set $v3 (v128.load (i32.add (local.get $s3) (local.get $c))))
            ;; [a0 b0 a1 b1], [a2 b2 a3 b3], [c0 d0 c1 d1], [c2 d2 c3 d3]
            (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v0) (local.get $v1)))
            (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v0) (local.get $v1)))
            (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v2) (local.get $v3)))
            (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v2) (local.get $v3)))
            ;; channel k of the four positions: [ak bk ck dk], into row k
            (v128.store (local.get $row) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
            (local.set $row (i32.add (local.get $row) (local.get $plane)))
            (v128.store (local.get $row) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
            (local.set $row (i32.add (local.get $row) (local.get $plane)))
            (v128.store (local.get $row) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
            (local.set $row (i32.add (local.get $row) (local.get $plane)))
            (v128.store (local.get $row) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
            (local.set $row (i32.add (local.get $row) (local.get $plane)))
            (local.set $c (i32.add (local.get $c) (i32.const 16)))
            (br $c_loop)))
          (local.set $p (i32.add (local.get $p) (i32.const 4)))
          (br $quads)))
        ;; the last positions (fewer than four), one value at a time
        (block $rest_done (loop $rest
          (br_if $rest_done (i32.ge_u (local.get $p) (local.get $positions)))
          (local.set $s0 (i32.add (local.get $tap) (i32.load (i32.add (local.get $offsets) (i32.shl (local.get $p) (i32.const 2))))))
          (local.set $row (i32.add (local.get $dst) (i32.shl (local.get $p) (i32.const 2))))
          (local.set $c (i32.const 0))
          (block $rc_done (loop $rc_loop
            (br_if $rc_done (i32.ge_u (local.get $c) (local.get $pixel)))
            (f32.store (local.get $row) (f32.load (i32.add (local.get $s0) (local.get $c))))
            (local.set $row (i32.add (local.get $row) (local.get $plane)))
            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (br $rc_loop)))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br $rest)))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $s_loop)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $r_loop))))
)
