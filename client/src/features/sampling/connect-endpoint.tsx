import { t } from "../../common/i18n";
import { useId } from "react";
import { Link } from "react-router";
import { CodeBlock } from "../../common/components/code-block";

const ollama = `ollama serve   # leave it running in its own terminal
ollama pull llama3.1
npx longpref model add llama3.1 \\
  --base-url http://localhost:11434/v1 --model llama3.1`;

const vllm = `# in its own terminal, left running:
vllm serve THUDM/LongWriter-glm4-9b --max-model-len 32768
npx longpref model add longwriter-glm4 \\
  --base-url http://localhost:8000/v1 --model THUDM/LongWriter-glm4-9b`;

/** Shown instead of the job form while no model has an endpoint to sample from. */
export function ConnectEndpoint() {
  const id = useId();
  return (
    <section className="panel connect-panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t("Connect a model endpoint")}</h2>
      <p>
        {t("longpref samples from any OpenAI-compatible endpoint, and no model has one yet. An admin adds a model with a base URL on the")}{" "}
        <Link to="/models">{t("Models page")}</Link>{" "}
        {t("(researchers too when the admin lets them), or from a terminal in the project folder:")}
      </p>
      <CodeBlock label={t("the model add command")} code="npx longpref model add NAME --base-url URL --model ID" />
      <div className="connect-examples">
        <div>
          <h3>Ollama</h3>
          <p className="hint">
            {t("Base URL")} <code>http://localhost:11434/v1</code>
            {t(", model")} <code>llama3.1</code>.
          </p>
          <CodeBlock label={t("the Ollama commands")} code={ollama} />
        </div>
        <div>
          <h3>vLLM</h3>
          <p className="hint">
            {t("Base URL")} <code>http://localhost:8000/v1</code>
            {t(", model")} <code>THUDM/LongWriter-glm4-9b</code>.
          </p>
          <CodeBlock label={t("the vLLM commands")} code={vllm} />
        </div>
      </div>
      <p className="muted">
        {t("No endpoint at hand? The demo workspace already holds illustrative outputs, so the other screens work without one.")}
      </p>
    </section>
  );
}
