package dataflow_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	dataflow "github.com/ncp-dataflow/dataflow-go"
)

// BenchmarkCallLogged is BenchmarkCall's call with WithLogger, paired with
// the same call without it in the same run: "warn" logs nothing for a
// success (the level check only), "debug" writes one JSON record per
// attempt to io.Discard. Compare each with "plain".
func BenchmarkCallLogged(b *testing.B) {
	srv := newBenchServer(b, benchSeedJob(b))
	ctx := context.Background()
	arms := []struct {
		name  string
		level slog.Level
		log   bool
	}{{"plain", 0, false}, {"warn", slog.LevelWarn, true}, {"debug", slog.LevelDebug, true}}
	for _, arm := range arms {
		b.Run(arm.name, func(b *testing.B) {
			opts := []dataflow.Option{dataflow.WithEndpoint(srv.URL), dataflow.WithStaticCredentials(benchAccessKey, benchSecretKey)}
			if arm.log {
				l := slog.New(slog.NewJSONHandler(io.Discard, &slog.HandlerOptions{Level: arm.level}))
				opts = append(opts, dataflow.WithLogger(l))
			}
			c, err := dataflow.New(opts...)
			if err != nil {
				b.Fatal(err)
			}
			cond := benchCondition()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.UpdateJobExecutionConfig(ctx, benchJobID, cond); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
