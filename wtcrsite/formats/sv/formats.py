DATETIME_FORMAT = r"j F Y \k\l. H:i"
SHORT_DATETIME_FORMAT = r"D j F \k\l. H:i"
