module github.com/gotape/gotape/bench/stockyaegi

go 1.22

require github.com/traefik/yaegi v0.16.1
