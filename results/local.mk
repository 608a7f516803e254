dist_pkgdata_DATA += results/schema.sql
