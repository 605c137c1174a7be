"""Quality measurements of detente stages against gold data (cleaning, ...)."""
