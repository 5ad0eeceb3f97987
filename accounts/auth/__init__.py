"""Sign-in, sign-up and two-factor: allauth's URLs with Cellwise's views in front."""
