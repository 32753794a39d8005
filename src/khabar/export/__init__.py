"""Events written out in khabar's own layouts and in those of ACLED and UCDP GED."""
