module github.com/rotaplan/rotaplan

go 1.24
