#!/usr/bin/env python3
"""PyTorch + transformers (+ peft) eager reference for `KubeTune.Trainer bench`: the same presets, bf16 autocast,
fused AdamW, printing the same JSON line. usage: reference.py --preset gpt2-124m|llama-1b-lora [--steps 20] [--warmup-steps 3]"""
import argparse, json, sys, threading, time

import torch

PRESETS = {
    "gpt2-124m": dict(arch="gpt2", seq=1024, batch=8, lora=None,
                      config=dict(vocab_size=50257, n_positions=1024, n_embd=768, n_layer=12, n_head=12)),
    "llama-1b-lora": dict(arch="llama", seq=2048, batch=4, lora=16,
                          config=dict(vocab_size=32000, hidden_size=2048, intermediate_size=5632, num_hidden_layers=22,
                                      num_attention_heads=32, num_key_value_heads=4, max_position_embeddings=2048,
                                      rms_norm_eps=1e-5, rope_theta=10000.0, tie_word_embeddings=False)),
    "gpt2-tiny": dict(arch="gpt2", seq=64, batch=2, lora=None,
                      config=dict(vocab_size=512, n_positions=64, n_embd=64, n_layer=2, n_head=4)),
    "llama-tiny": dict(arch="llama", seq=64, batch=2, lora=4,
                       config=dict(vocab_size=512, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                                   num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=64,
                                   rms_norm_eps=1e-5, rope_theta=10000.0, tie_word_embeddings=False)),
}


class PeakProbe:
    """Device memory in use (cudaMemGetInfo: context + caching allocator), polled like the TorchSharp side polls NVML."""
    def __init__(self):
        self.peak, self.stop = 0, False
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.stop:
            free, total = torch.cuda.mem_get_info()
            self.peak = max(self.peak, total - free)
            time.sleep(0.002)

    def close(self):
        self.stop = True
        self.thread.join()


def build(preset):
    import transformers
    if preset["arch"] == "gpt2":
        model = transformers.GPT2LMHeadModel(transformers.GPT2Config(**preset["config"]), attn_implementation="sdpa")
    else:
        model = transformers.LlamaForCausalLM(transformers.LlamaConfig(**preset["config"]), attn_implementation="sdpa")
    if preset["lora"] is None:
        return model.cuda()
    import peft
    r = preset["lora"]
    model = model.to(torch.bfloat16)  # bf16 frozen base; get_peft_model keeps the adapter in fp32
    model = peft.get_peft_model(model, peft.LoraConfig(r=r, lora_alpha=2 * r, lora_dropout=0.05, target_modules=["q_proj", "v_proj"]))
    for name, p in model.named_parameters():
        if p.requires_grad:
            p.data = p.data.float()
    return model.cuda()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--preset", required=True, choices=sorted(PRESETS))
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--warmup-steps", type=int, default=3)
    args = parser.parse_args()
    preset = PRESETS[args.preset]
    torch.manual_seed(0)
    model = build(preset)
    model.train()
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=6e-4 if preset["lora"] is None else 2e-4, weight_decay=0.01, fused=True)
    vocab, batch, seq = preset["config"]["vocab_size"], preset["batch"], preset["seq"]
    probe = PeakProbe()
    torch.cuda.reset_peak_memory_stats()

    def step():
        ids = torch.randint(0, vocab, (batch, seq), pin_memory=True).cuda(non_blocking=True)
        with torch.autocast("cuda", dtype=torch.bfloat16):
            loss = model(input_ids=ids, labels=ids).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trainable, 1.0)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        return loss

    for _ in range(args.warmup_steps):
        step()
    torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(args.steps):
        loss = step()
    torch.cuda.synchronize()
    elapsed = time.perf_counter() - start
    probe.close()
    parameters = sum(p.numel() for p in model.parameters())
    tokens_per_second = args.steps * batch * seq / elapsed
    print(json.dumps({
        "bench": "train", "engine": "pytorch-eager", "preset": args.preset, "arch": preset["arch"],
        "method": "full" if preset["lora"] is None else "lora", "device": "cuda", "gpu": torch.cuda.get_device_name(),
        "precision": "bf16", "steps": args.steps, "warmupSteps": args.warmup_steps, "batchSize": batch, "sequenceLength": seq,
        "parameters": parameters, "trainableParameters": sum(p.numel() for p in trainable),
        "tokensPerSecond": round(tokens_per_second, 1), "stepSeconds": round(elapsed / args.steps, 5),
        "modelTflops": round(6 * parameters * tokens_per_second / 1e12, 3),
        "flopsFormula": "6 * all parameters (trainable and frozen) * tokens/s",
        "peakGpuMemoryGiB": round(probe.peak / 2**30, 2), "peakGpuMemorySource": "cudaMemGetInfo device used, polled",
        "maxMemoryAllocatedGiB": round(torch.cuda.max_memory_allocated() / 2**30, 2),
        "torch": torch.__version__, "finalLoss": round(loss.item(), 4),
    }))


if __name__ == "__main__":
    sys.exit(main())
