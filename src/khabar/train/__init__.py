"""Training khabar's learned components from public evaluation data (never needed at run time)."""
