"""The site's own date and time formats per language (FORMAT_MODULE_PATH): a Swede writes
"5 juni 2021 kl. 08:00", a British reader "5 June 2021, 08:00". Anything not named here
is Django's format for that language."""
