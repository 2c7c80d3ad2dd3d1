/** Who performs an operation: the signed-in staff member and the shift their takings and counts go to. */
export interface Actor {
  staffId: string;
  shiftId: string | null;
}
