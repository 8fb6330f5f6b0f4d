/*
 * ll_fpenv.h - the floating-point mode of a thread: training flushes
 * subnormal numbers to zero.
 *
 * Adam's moments of a parameter whose gradient is zero (a dead ReLU, an
 * input that is always 0) decay by beta each step and sink into the
 * subnormal range, where each operation on them takes a microcode assist
 * of about a hundred cycles on x86: a 5x100 DNN spent a fifth of its time
 * in Adam for that alone, 5% with subnormals flushed. A subnormal float
 * is below 1.2e-38, and what it would add to a weight is lost in the
 * weight's own rounding: TensorFlow trains in this mode on CPUs by
 * default, PyTorch when asked (torch.set_flush_denormal).
 *
 * On CPUs without such a mode (other than x86-64 here) the calls do
 * nothing and training keeps IEEE subnormals.
 */
#ifndef LL_FPENV_H
#define LL_FPENV_H

/* The calling thread's floating-point mode (its control bits, not the
 * sticky exception flags), for ll_fpenv_set. */
unsigned ll_fpenv_get(void);
/* Puts the calling thread in `mode`, a value of ll_fpenv_get. */
void ll_fpenv_set(unsigned mode);
/* Makes the calling thread flush subnormal results and operands to zero
 * and returns its mode before, to be given back to ll_fpenv_set. */
unsigned ll_fpenv_flush_subnormals(void);
/* 1 when the calling thread's mode flushes subnormals. */
int ll_fpenv_flushing(void);

#endif
