-- Models whose server can continue a partial assistant message (vLLM/SGLang's continue_final_message,
-- Ollama's prefill): a sample interrupted by a crash resumes from its checkpointed text.
ALTER TABLE models ADD COLUMN resume_partial INTEGER NOT NULL DEFAULT 0;
