#!/bin/sh
# tests/mpi/test_mpi_slurm_env.sh - Slurm's variables without an MPI
# launcher's (set by hand as Slurm sets them), in a build with or without
# MPI:
#  - a batch script or salloc shell (SLURM_JOB_ID, SLURM_NTASKS of the
#    allocation, no job step of several tasks) runs loglab as one process;
#  - tasks of `srun -n N` without an MPI plugin (SLURM_STEP_NUM_TASKS=N,
#    no PMI or PMIx variable) would each do the whole work: every task
#    refuses (usage, exit 1), and only task 0 says why.
. "${LL_SRCDIR:-.}/tests/lib.sh"

tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
printf 'Jan  1 00:00:0%s host kernel: [ 1.0] eth0: link up\n' 1 2 3 >"$tmp/k.log"
# no launcher of the harness's own leaks in
unset OMPI_COMM_WORLD_SIZE OMPI_COMM_WORLD_RANK PMIX_RANK PMI_RANK PMI_SIZE MPI_LOCALNRANKS
alloc="SLURM_JOB_ID=77 SLURM_JOBID=77 SLURM_NTASKS=4 SLURM_NPROCS=4 SLURM_NNODES=1 SLURM_CPUS_ON_NODE=2"

# 1. the batch script's own shell: one process, every verb as usual
out=$(env $alloc SLURM_PROCID=0 SLURM_LOCALID=0 SLURM_NODEID=0 timeout 60 "$LOGLAB" info "$tmp/k.log" 2>&1)
expect_eq "$?" 0 "info in a batch script (no srun)"
expect_match "$out" "format: +syslog" "info in a batch script reads the file"
# srun -n 1: a step of one task is one process too
out=$(env $alloc SLURM_STEP_ID=0 SLURM_STEP_NUM_TASKS=1 SLURM_PROCID=0 timeout 60 "$LOGLAB" info "$tmp/k.log" 2>&1)
expect_eq "$?" 0 "info as the one task of srun -n 1"

# 2. srun -n 3 --mpi=none: each task refuses; task 0 alone says so
for r in 0 1 2; do
	env $alloc SLURM_STEP_ID=0 SLURM_STEP_NUM_TASKS=3 SLURM_PROCID=$r SLURM_LOCALID=$r \
		timeout 60 "$LOGLAB" info "$tmp/k.log" >"$tmp/o$r" 2>"$tmp/e$r"
	expect_eq "$?" 1 "task $r of srun -n 3 without MPI: usage error"
	expect_eq "$(cat "$tmp/o$r")" "" "task $r of srun -n 3 without MPI writes no result"
done
expect_match "$(cat "$tmp/e0")" "(task 0 of 3|one of 3 ranks)" "task 0 says why"
expect_eq "$(cat "$tmp/e1" "$tmp/e2")" "" "tasks 1 and 2 stay silent"
env $alloc SLURM_STEP_ID=0 SLURM_STEP_NUM_TASKS=3 SLURM_PROCID=0 \
	timeout 60 "$LOGLAB" build --templates "$tmp/k.log" --out "$tmp/tpl" >/dev/null 2>&1
expect_eq "$?" 1 "build --templates as a task of srun -n 3 without MPI: usage error"
expect_eq "$([ -e "$tmp/tpl" ] && echo written)" "" "nothing written by a refused task"
finish
