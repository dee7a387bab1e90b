"""The association's joint position on a closed consultation: drafted from the companies' shared
arguments (each quote linked to the position it came from), circulated, validated, published."""
