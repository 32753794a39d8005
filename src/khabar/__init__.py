"""khabar: conflict reporting in, sourced and geolocated data out."""

__version__ = "0.1.0"
